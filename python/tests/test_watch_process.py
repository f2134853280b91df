"""The watcher in whole processes: torch.distributed ranks, Ctrl-C, exit without close(), unwritable folders."""

from __future__ import annotations

import os
import socket
import stat


from conftest import read_log, run_script


def _free_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return str(s.getsockname()[1])


def test_two_process_distributed_run_writes_one_log_per_rank(tmp_path):
    r = run_script("dist_train.py", str(tmp_path), _free_port(), timeout=240)
    assert r.returncode == 0 and "DONE" in r.stdout, r.stderr
    assert sorted(os.listdir(tmp_path)) == ["cases", "rank0.jsonl", "rank1.jsonl"]
    for rank in (0, 1):
        log = read_log(str(tmp_path / f"rank{rank}.jsonl"))
        assert (log[0]["rank"], log[0]["world_size"]) == (rank, 2)
        assert [e["step"] for e in log if e["type"] == "step"] == list(range(25))
        snaps = [e for e in log if e["type"] == "snapshot"]
        # rank 0 alone snapshots by default
        assert [e["step"] for e in snaps] == ([0, 10, 20] if rank == 0 else [])
    l0 = [e["loss"] for e in read_log(str(tmp_path / "rank0.jsonl")) if e["type"] == "step"]
    l1 = [e["loss"] for e in read_log(str(tmp_path / "rank1.jsonl")) if e["type"] == "step"]
    assert l0 != l1  # each rank logged its own shard's loss
    assert all(f.startswith("step_") and ".rank" not in f for f in os.listdir(tmp_path / "cases"))


def test_ctrl_c_leaves_a_complete_log(tmp_path):
    r = run_script("train.py", str(tmp_path), "sigint", "17")
    assert r.returncode != 0 and "KeyboardInterrupt" in r.stderr, r.stderr
    log = read_log(str(tmp_path / "rank0.jsonl"))  # every line complete
    steps = [e for e in log if e["type"] == "step"]
    assert [e["step"] for e in steps] == list(range(17))  # the pending last step was flushed at exit
    assert steps[15]["scalars"] == {"lr": 0.1}
    snaps = [e for e in log if e["type"] == "snapshot"]
    assert [e["step"] for e in snaps] == [0, 5, 10, 15]
    assert all(os.path.exists(tmp_path / e["path"]) for e in snaps)


def test_keyboard_interrupt_inside_the_criterion(tmp_path):
    r = run_script("train.py", str(tmp_path), "inside", "12")
    assert r.returncode != 0 and "KeyboardInterrupt" in r.stderr
    steps = [e["step"] for e in read_log(str(tmp_path / "rank0.jsonl")) if e["type"] == "step"]
    assert steps == list(range(12))


def test_exit_without_close_flushes_at_exit(tmp_path):
    r = run_script("train.py", str(tmp_path), "noclose", "9")
    assert r.returncode == 0, r.stderr
    steps = [e for e in read_log(str(tmp_path / "rank0.jsonl")) if e["type"] == "step"]
    assert [e["step"] for e in steps] == list(range(9))


def test_a_forked_child_never_writes_the_parents_log(tmp_path):
    r = run_script("train.py", str(tmp_path), "fork", "13")  # step 11's line is in the buffer at the fork
    assert r.returncode == 0, r.stderr
    log = read_log(str(tmp_path / "rank0.jsonl"))
    assert [e["step"] for e in log if e["type"] == "step"] == list(range(18))  # each line once
    assert [e["type"] for e in log].count("header") == 1


def _as_nobody():
    if os.geteuid() != 0:
        return {}
    return {"user": 65534, "group": 65534}  # root ignores file modes: run the job as nobody


def test_read_only_folder_turns_watching_off_with_one_warning(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    os.chmod(tmp_path, 0o755)
    os.chmod(ro, stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    kw = _as_nobody()
    if kw:  # nobody must be able to read the package and reach the folder
        for p in (str(tmp_path), *[str(q) for q in tmp_path.parents][:-1]):
            os.chmod(p, os.stat(p).st_mode | stat.S_IXOTH)
    r = run_script("train.py", str(ro / "run"), "plain", "15", **kw)
    assert r.returncode == 0, r.stderr
    assert "TRAINED 15 watching=False" in r.stdout
    warnings = [line for line in r.stdout.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "watching turned off" in warnings[0] and "ro/run" in warnings[0], warnings
    assert os.listdir(ro) == []


def test_full_disk_turns_watching_off_with_one_warning(tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    os.symlink("/dev/full", run / "rank0.jsonl")  # every write fails with ENOSPC
    r = run_script("train.py", str(run), "plain", "15")
    assert r.returncode == 0, r.stderr
    assert "TRAINED 15 watching=False" in r.stdout
    warnings = [line for line in r.stdout.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "No space left on device" in warnings[0], warnings


def test_snapshot_on_a_full_disk(tmp_path):
    """The log can be written but the case cannot: watching stops, training goes on."""
    run = tmp_path / "run"
    run.mkdir()
    os.symlink("/dev/full", run / "cases")
    r = run_script("train.py", str(run), "plain", "15")
    assert r.returncode == 0, r.stderr
    assert "TRAINED 15 watching=False" in r.stdout
    warnings = [line for line in r.stdout.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "watching turned off" in warnings[0], warnings
    log = read_log(str(run / "rank0.jsonl"))
    assert [e["type"] for e in log] == ["header"]  # watching stopped at the first (failed) snapshot
