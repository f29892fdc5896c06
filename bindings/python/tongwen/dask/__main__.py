"""python3 -m tongwen.dask --scheduler ADDRESS|local {convert,check,jsonl} …

Exit status: 0 done; 1 (check) findings of severity error; 2 a file failed
or the command line is wrong."""

from __future__ import annotations

import argparse
import json
import sys

from . import check_files, convert_files, convert_jsonl
from ._plan import read_list


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python3 -m tongwen.dask",
        description="Convert or check archives with tongwen on a Dask cluster.")
    ap.add_argument("--scheduler", required=True, metavar="ADDRESS|local",
                    help="a scheduler's address (tcp://host:8786), or 'local' for a "
                         "LocalCluster on this machine")
    ap.add_argument("--workers", type=int, default=None,
                    help="local: worker processes (default: the cores)")
    ap.add_argument("--threads", type=int, default=1,
                    help="local: threads per worker (default 1)")
    ap.add_argument("--partition-bytes", type=int, default=None, metavar="N",
                    help="bytes of input per task (default: up to 4 MB)")
    ap.add_argument("--manifest", default=None, metavar="PATH",
                    help="where the manifest goes (convert, jsonl: default "
                         "OUT/.tongwen-dask/manifest.json; check: none)")
    sub = ap.add_subparsers(dest="command", required=True)

    def inputs(p):
        p.add_argument("inputs", nargs="*", metavar="INPUT",
                       help="files, folders or glob patterns (quote them)")
        p.add_argument("--files-from", metavar="LIST",
                       help="also the paths listed in LIST (- for stdin)")
        p.add_argument("-0", "--null", action="store_true", help="LIST is NUL-separated")

    c = sub.add_parser("convert", help="convert files into a folder")
    inputs(c)
    c.add_argument("-o", "--output", required=True, metavar="OUT_DIR")
    c.add_argument("-p", "--profile", default="hk2cn")
    c.add_argument("-m", "--markup", default="auto")
    c.add_argument("-e", "--encoding", default=None)
    c.add_argument("--output-encoding", default=None)
    c.add_argument("--no-check", action="store_true",
                   help="do not check the outputs (no findings in the manifest)")
    c.add_argument("--no-sync", action="store_true", help="no syncfs (scratch work)")

    k = sub.add_parser("check", help="check files and report findings")
    inputs(k)
    k.add_argument("-t", "--target", default=None, help="cn, hk or tw (default: "
                   ".tongwen.ini, else cn)")
    k.add_argument("-m", "--markup", default="auto")
    k.add_argument("-e", "--encoding", default=None)
    k.add_argument("--format", choices=("summary", "json"), default="summary",
                   help="summary on stderr (default), or every record as JSON on stdout")

    j = sub.add_parser("jsonl", help="convert JSON Lines part-files into a folder")
    inputs(j)
    j.add_argument("-o", "--output", required=True, metavar="OUT_DIR")
    j.add_argument("--fields", required=True, metavar="FIELD,…")
    j.add_argument("-p", "--profile", default="hk2cn")
    j.add_argument("--on-error", choices=("fail", "skip"), default="fail")
    j.add_argument("--no-sync", action="store_true")
    return ap


def _client(args):
    from distributed import Client, LocalCluster

    if args.scheduler == "local":
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=args.threads,
                               processes=True, dashboard_address=":0")
        return Client(cluster), cluster
    return Client(args.scheduler), None


def _say(report) -> None:
    s = report.summary
    status = ", ".join(f"{n} {k}" for k, n in s["status"].items())
    f = s["findings"]
    line = (f"tongwen.dask {report.kind}: {s['files']} files ({status}), "
            f"{s['bytes_in'] / 1e6:.1f} MB in")
    if "bytes_out" in s:
        line += f", {s['bytes_out'] / 1e6:.1f} MB out"
    line += (f"; findings {f['error']} errors, {f['warning']} warnings, {f['info']} info; "
             f"{s['tasks']} tasks ({s['tasks_reused']} already done), {s['seconds']:.1f} s")
    print(line, file=sys.stderr)
    if report.manifest:
        print(f"tongwen.dask: manifest {report.manifest}", file=sys.stderr)
    shown = 0
    if s["errors"]:
        for r in report.records():
            if r["status"] == "error" and shown < 20:
                print(f"tongwen.dask: {r['error']}", file=sys.stderr)
                shown += 1


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    inputs = list(args.inputs)
    try:
        if args.files_from:
            inputs += read_list(args.files_from, args.null)
        if not inputs:
            print("tongwen.dask: no inputs (give files, folders, patterns or --files-from)",
                  file=sys.stderr)
            return 2
        client, cluster = _client(args)
    except (OSError, ValueError) as e:
        print(f"tongwen.dask: {e}", file=sys.stderr)
        return 2
    try:
        if args.command == "convert":
            report = convert_files(client, inputs, args.output, args.profile, args.markup,
                                   encoding=args.encoding, output_encoding=args.output_encoding,
                                   check=not args.no_check, sync=not args.no_sync,
                                   manifest=args.manifest or "auto",
                                   partition_bytes=args.partition_bytes)
        elif args.command == "check":
            report = check_files(client, inputs, args.target, markup=args.markup,
                                 encoding=args.encoding, manifest=args.manifest,
                                 partition_bytes=args.partition_bytes)
        else:
            report = convert_jsonl(client, inputs, args.output, args.fields.split(","),
                                   args.profile, on_error=args.on_error,
                                   sync=not args.no_sync, manifest=args.manifest or "auto",
                                   partition_bytes=args.partition_bytes)
    except Exception as e:  # a bad argument or an unreadable list: one line, status 2
        print(f"tongwen.dask: {e}", file=sys.stderr)
        return 2
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if args.command == "check" and args.format == "json":
        json.dump({"inputs": report.records(), "summary": report.summary}, sys.stdout,
                  ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    _say(report)
    if not report.ok:
        return 2
    if args.command == "check" and report.summary["findings"]["error"]:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
