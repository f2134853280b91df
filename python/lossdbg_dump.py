"""Compatibility shim: ``from lossdbg_dump import dump_case`` keeps working.

The helper moved into the ``lossdbg`` package (``import lossdbg; lossdbg.dump_case(...)``); see
python/README.md. Note that ``dump_case`` no longer overwrites existing files unless ``overwrite=True``.
"""

from lossdbg import SUPPORTED_LOSSES, __version__, case_dict, dump_case, write_npy

__all__ = ["dump_case", "case_dict", "write_npy", "SUPPORTED_LOSSES", "__version__"]
