package org.provmr.store;

import java.io.IOException;

/**
 * Another command holds the lock on an output: nothing was done, and running again once it has
 * finished is safe. provmr exits with code 5 on it.
 */
public class OutputBusyException extends IOException {
  private static final long serialVersionUID = 1L;

  OutputBusyException(String message) {
    super(message);
  }
}
