package org.provmr.mapreduce;

import org.provmr.conf.ProvenanceKeys;

/**
 * The combiner counterpart of {@link WrappedUserReducer}: Hadoop instantiates combiner and
 * reducer by class alone, so each role has its own class reading its own key,
 * {@value ProvenanceKeys#WRAP_COMBINER_CLASS}. The combined values go back into the shuffle
 * with the merged sources of what they combined.
 */
public final class WrappedUserCombiner extends WrappedUserReducer {

  @Override
  String classKey() {
    return ProvenanceKeys.WRAP_COMBINER_CLASS;
  }
}
