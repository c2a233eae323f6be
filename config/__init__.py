"""The data operators edit: stores, destinations, forwarders, the bundled FX snapshot.

It is a package only so that the files travel with an installed Haitao; code lives in `haitao`.
"""

from pathlib import Path

CONFIG_DIR = Path(__file__).resolve().parent
