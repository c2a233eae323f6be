"""ExtractionError: a page-wide problem, with a short reason to count and a detail to log."""

from crawler.extract import ExtractionError


def test_the_reason_is_kept_apart_from_the_detail():
    error = ExtractionError("bad_json", "Expecting value: line 1")
    assert error.reason == "bad_json"
    assert str(error) == "bad_json: Expecting value: line 1"
    assert isinstance(error, ValueError)


def test_without_a_detail_the_message_is_the_reason():
    assert str(ExtractionError("bad_shape")) == "bad_shape"
