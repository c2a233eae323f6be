"""Sample-store faults: which page they hit and what they do to it."""

import pytest

from crawler.samples.faults import StoreFaults

PAGE = (200, "application/json; charset=utf-8", b'{"products": [1, 2, 3, 4]}')


def test_unknown_faults_are_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="server_errors"):
        StoreFaults(frozenset({"gremlins"}), "/products.json?page=2")


@pytest.mark.parametrize(
    ("target", "hit"),
    [
        ("/products.json?page=2&limit=250", True),
        ("/products.json?page=2", True),
        ("/products.json?page=20&limit=250", False),
        ("/products.json?page=1&limit=250", False),
    ],
)
def test_faults_hit_only_their_target(target, hit):
    faults = StoreFaults(frozenset({"server_errors"}), "/products.json?page=2")
    assert (faults.respond(target, lambda: PAGE)[0] == 500) is hit


def test_truncation_redirects_and_robots():
    target = "/products.json?page=2"
    truncated = StoreFaults(frozenset({"truncated_json"}), target).respond(target, lambda: PAGE)
    assert truncated[2] == PAGE[2][: len(PAGE[2]) // 2]
    loop = StoreFaults(frozenset({"redirect_loop"}), target).respond(target, lambda: PAGE)
    assert (loop[0], loop[3]) == (302, {"Location": target})
    robots = StoreFaults(frozenset({"robots_disallow"}), target).robots_txt(b"Allow: /\n")
    assert robots == b"Disallow: /products.json?page=2\n"


def test_an_error_burst_passes_after_two_failures():
    faults = StoreFaults(frozenset({"error_burst"}), "/feed.xml")
    assert [faults.respond("/feed.xml", lambda: PAGE)[0] for _ in range(4)] == [503, 503, 200, 200]
