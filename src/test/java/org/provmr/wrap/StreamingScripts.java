package org.provmr.wrap;

/**
 * The Python word count that the Hadoop Streaming tests run (local mode and YARN): one
 * script pair, so both check the same job.
 */
public final class StreamingScripts {
  public static final String MAPPER = String.join("\n", "import sys",
      "for line in sys.stdin:",
      "    for w in line.split():",
      "        print(w + '\\t1')", "");
  /** Hadoop Streaming's classic reducer: sums runs of equal keys, in the order they come. */
  public static final String REDUCER = String.join("\n", "import sys",
      "cur, n = None, 0",
      "for line in sys.stdin:",
      "    k, v = line.rstrip('\\n').split('\\t', 1)",
      "    if k != cur:",
      "        if cur is not None:",
      "            print(cur + '\\t' + str(n))",
      "        cur, n = k, 0",
      "    n += int(v)",
      "if cur is not None:",
      "    print(cur + '\\t' + str(n))", "");

  private StreamingScripts() {
  }
}
