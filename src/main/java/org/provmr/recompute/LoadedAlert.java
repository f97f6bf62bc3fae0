package org.provmr.recompute;

import org.provmr.validate.Alert;

/** An alert with the id the recompute manager uses for it: its file and line. */
public record LoadedAlert(String id, Alert alert) {
}
