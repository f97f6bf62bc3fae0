package org.provmr.trace;

import org.apache.hadoop.io.Writable;
import org.provmr.header.ProvenanceHeader;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;

/**
 * One record of a committed output, read back: where it is, its key and value (copies) and its
 * decoded header.
 *
 * @param store the lineage store of its output
 * @param part its part's store entry
 * @param index its ordinal in the part (-1 when it was reached by byte offset)
 * @param offset byte offset of the record in the part file
 * @param key the record's key
 * @param value the record's payload value
 * @param header its provenance header
 * @param lineageId the lineage id it has (its own, or its part's default)
 */
record Located(StoredJob store, PartEntry part, long index, long offset, Writable key,
    Writable value, ProvenanceHeader header, int lineageId) {
}
