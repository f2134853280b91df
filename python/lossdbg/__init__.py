"""Loss Debugger's Python side: capture loss cases and watch training runs.

    import lossdbg
    lossdbg.dump_case("case.losscase.json", criterion, logits, target)     # one call, one case
    criterion = lossdbg.watch(nn.CrossEntropyLoss(), "runs/exp1")           # a whole run

Needs only PyTorch (numpy is not required). See python/README.md.
"""

__version__ = "0.3.0"

from .case import SUPPORTED_LOSSES, case_dict, dump_case, write_npy  # noqa: E402
from .watch import Watcher, watch  # noqa: E402

__all__ = ["watch", "Watcher", "dump_case", "case_dict", "write_npy", "SUPPORTED_LOSSES", "__version__"]
