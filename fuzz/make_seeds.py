#!/usr/bin/env python3
"""Writes the seed corpus of the extractor's fuzz target, fuzz/corpus/extract/.

The seeds are small original news snippets covering each kind of quotation
mark and attribution the engine handles, plus malformed input: unbalanced
marks, invalid UTF-8, NUL bytes, long runs of marks and apostrophes. They are
committed; this script documents how they were made and can rewrite them.
Files the fuzzer adds later (crash-*, regress-*) are left alone.

Usage: fuzz/make_seeds.py [OUTDIR]
"""
import os
import sys

SEEDS = {
    "straight-double.txt":
        'The mayor spoke on Monday. "We will rebuild the bridge," said Ana '
        'Ruiz, the mayor of Port Ellis.\n',
    "curly-double.txt":
        "\u201cThe numbers are clear,\u201d she told reporters. \u201cNearly "
        "200,000 people lost power.\u201d\n",
    "curly-single.txt":
        "The minister said \u2018we are not leaving\u2019 before the vote.\n",
    "guillemets.txt":
        "\u00abNous restons\u00bb, a d\u00e9clar\u00e9 le ministre. "
        "\u00bbReversed\u00ab marks, said Hans Weber.\n",
    "low-high.txt":
        "\u201eWir bleiben\u201c, sagte sie. \u201aEinfach\u2018, sagte er.\n",
    "split-quote.txt":
        '"We are ready," she said, "and we will win."\n',
    "multi-paragraph.txt":
        "\u201cThe first part ends here.\n\n\u201cThe second part goes on,"
        "\u201d said Omar Haddad, a spokesman for the ministry.\n",
    "nested.txt":
        "\u201cHe told me \u2018never again\u2019 and I believed him,\u201d "
        "Lee said.\n",
    "apostrophes.txt":
        "It's the '90s again: rock 'n' roll, the Smiths' records and "
        "'tis the season, said the DJ.\n",
    "according-to.txt":
        "According to DHS, more than 3.5 million people crossed. Officials "
        "said that the count was about 40 percent higher.\n",
    "social.txt":
        "Tricia McLaughlin, a spokesperson at DHS, wrote on X on June 11: "
        "\"This is false.\" She posted on Instagram @KimKardashian.\n",
    "indirect.txt":
        "Sen. Ward told reporters that the bill would pass. The company said "
        "in a statement it was reviewing the decision.\n",
    "scare-quotes.txt":
        'The so-called "reform" was mocked in the film "Blue Water" by the '
        'singer known as "Ace".\n',
    "qa.txt":
        "Q: Will you run again?\nA: \"I have not decided,\" Gomez said.\n",
    "unbalanced-open.txt":
        '"This quote never closes. She said it. And the article goes on.\n\n'
        "A new paragraph, with no mark.\n",
    "unbalanced-close.txt":
        "No opening here,\u201d he said.\u201d\u201d And more\u2019 text.\n",
    "mixed-marks.txt":
        "\u201cStraight and curly\" mixed, \u2018single\" and \u00abdouble"
        "\u201d said Kim.\n",
    "crlf.txt":
        "\"Windows lines,\" she said.\r\n\r\n\"Second,\" he added.\r\n",
    "single-newlines.txt":
        "First paragraph \"quote one,\" said A.\nSecond paragraph.\n\u201c"
        "Quote two\u201d\nsaid B.\n",
    "figures.txt":
        '"We hired two dozen nurses and spent $4.2 billion, or 12.5%," Mr. '
        'Cole said. "In 2024, 1,000,000 visits."\n',
    "abbreviations.txt":
        'Gov. J. R. Smith of the U.S. Dept. of Jan. said: "Mr. Smith, Jr. '
        'agrees." Dr. No said so.\n',
    "empty.txt": "",
    "only-quote.txt": '"',
    "invalid-utf8.bin":
        b'"Bad \xff bytes \xc3 here," said \xe2\x80 Kim \xed\xa0\x80 '
        b'\xf4\x90\x80\x80 \xc0\xaf.\n',
    "truncated-utf8.bin": b"\xe2\x80\x9cCut off \xe2\x80",
    "nul-bytes.bin":
        b'"Hello\x00 world," she\x00 said.\x00\n\x00\x00"Again," he said.',
    "run-straight.txt": '"' * 300,
    "run-curly.txt": "\u201c" * 200 + "said Kim" + "\u201d" * 200,
    "run-apostrophes.txt": "'" * 200 + " it's " + "\u2019" * 200,
    "run-mixed.txt": ("\u201c\u2018\"'\u00ab\u201e" * 40) + " she said",
    "nested-deep.txt":
        "".join("\u201cw%d \u2018" % i for i in range(100)) + " said Lee.",
    "many-paragraphs.txt": '"Yes," he said.\n\n' * 60,
    "pronouns.txt":
        "Maria Lopez, the director, arrived late. \"Sorry,\" she said. Her "
        "deputy, John Park, waited. \"It is fine,\" he said. \"Really,\" she "
        "replied. They said they would meet again.\n",
    "long-word.txt": "x" * 2000 + ' said "' + "y" * 2000 + '"',
    "control-chars.bin":
        b'"Tab\there,\x01\x02\x1b[0m" said \x7f Kim\x0c\x0b.\n'
        + "\u2028 line \u2029 sep".encode(),
    "number-overflow.txt":
        '"We counted ' + "9" * 400 + " people and 1e999 and "
        + "1," * 100 + '000," she said.\n',
    "web-addresses.txt":
        'Amazon.com said. A spokesman told Polygraph.info that it "works." '
        'See bbc.co.uk. and x.com, a.b.c.info.info.' + ".com" * 50 + "\n",
    "mojibake.txt":
        '"We stay," FranA\u0303\u0083A\u0302\u00a7ois Hollande said of the '
        "protegA\u0303\u00a9s. \u00c3\u00a9t\u00c3\u00a9 \u00c3\u0083"
        "\u00c2\u00a7a" + "A\u0303\u00a9" * 40 + "\u0303\u0083\n",
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus",
                                                              "extract")
    os.makedirs(out, exist_ok=True)
    for name, text in SEEDS.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    print("wrote %d seeds to %s" % (len(SEEDS), out))


if __name__ == "__main__":
    main()
