package org.provmr.wrap;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableComparable;
import org.apache.hadoop.io.WritableComparator;

/**
 * A grouping comparator for Text keys that looks at the first character only: as a combiner's
 * key grouping comparator it makes one combine() call of all (sorted, adjacent) words that
 * start alike, so the result shows whether the setting was honoured.
 */
public class FirstLetterComparator extends WritableComparator {
  public FirstLetterComparator() {
    super(Text.class, true);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public int compare(WritableComparable a, WritableComparable b) {
    String x = a.toString();
    String y = b.toString();
    return Character.compare(x.isEmpty() ? 0 : x.charAt(0), y.isEmpty() ? 0 : y.charAt(0));
  }
}
