package org.provmr.store;

import org.provmr.lineage.Lineage;

/** One row of a job's lineage table: the id records use, and the nested lineage it stands for. */
public record LineageEntry(int id, Lineage lineage) {
}
