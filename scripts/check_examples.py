"""Print every lexicon example (word classes and rules) the coder does not meet, and the coverage.

Usage: python scripts/check_examples.py [--rules-only | --classes-only] [--owner PREFIX]
"""

from __future__ import annotations

import argparse
import sys

from dyad.evaluation.lexicon_examples import class_examples, rule_examples, rule_ids, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rules-only", action="store_true")
    parser.add_argument("--classes-only", action="store_true")
    parser.add_argument(
        "--owner", default="", help="only examples whose owner starts with this (rule:v.meet)"
    )
    args = parser.parse_args(argv)
    examples = ([] if args.rules_only else class_examples()) + ([] if args.classes_only else rule_examples())
    examples = [e for e in examples if e.owner.startswith(args.owner)]
    failed = 0
    for example, why in run(examples):
        if why:
            failed += 1
            print(f"FAIL {example.owner} [{example.kind}] {example.text!r}: {why}")
    ids = rule_ids()
    covered = {e.owner[5:] for e in rule_examples()}
    share = f"{len(covered & set(ids))}/{len(ids)}"
    print(f"{len(examples)} examples, {failed} failing; rules with examples: {share}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
