package org.provmr.store;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/** Jackson's errors on untrusted JSON (store files, journals, alerts), said for a person. */
public final class JsonErrors {

  private JsonErrors() {
  }

  /**
   * What is wrong with a JSON file, for a person: Jackson's own message, except when a
   * record's constructor met a null (a list entry, a value it copies): Jackson then says only
   * "problem: `java.lang.NullPointerException`", so the entry's place is named instead.
   */
  public static String explain(JsonProcessingException e) {
    if (e instanceof ValueInstantiationException v
        && v.getCause() instanceof NullPointerException) {
      StringBuilder at = new StringBuilder();
      for (JsonMappingException.Reference r : v.getPath()) {
        at.append(r.getFieldName() != null ? (at.length() == 0 ? "" : ".") + r.getFieldName()
            : "[" + r.getIndex() + "]");
      }
      JsonLocation l = v.getLocation();
      return (at.length() == 0 ? "the document" : at) + " (" + v.getType().getRawClass()
          .getSimpleName() + (l == null ? "" : ", line " + l.getLineNr() + ", column "
          + l.getColumnNr()) + ") holds a null where a value is required: a list entry or a"
          + " field";
    }
    return e.getOriginalMessage();
  }
}
