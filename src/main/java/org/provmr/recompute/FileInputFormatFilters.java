package org.provmr.recompute;

import org.apache.hadoop.fs.PathFilter;

/** FileInputFormat's view of a directory: names starting with _ or . are not data. */
final class FileInputFormatFilters {
  static final PathFilter VISIBLE = p -> !p.getName().startsWith("_")
      && !p.getName().startsWith(".");

  private FileInputFormatFilters() {
  }
}
