package org.provmr.wrap;

/**
 * The combiner counterpart of {@link DelegatingReducer}: Hadoop instantiates combiner and
 * reducer by class alone, so each role has its own class reading its own key. The combined
 * values go back into the shuffle with the merged sources of what they combined.
 */
public final class DelegatingCombiner extends DelegatingReducer {

  @Override
  String classKey() {
    return WrappedJob.COMBINER_CLASS;
  }
}
