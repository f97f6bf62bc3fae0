package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** report.html shows values read from output directories: they must stay text. */
class ReportHtmlTest {

  @Test
  void markupInAlertsAndOutputNamesIsEscaped() {
    ObjectNode report = JsonNodeFactory.instance.objectNode();
    report.put("jobId", "job_1\"><b>");
    report.putArray("outputs").add("file:/out/<script>alert(1)</script>");
    report.putObject("findings").put("total", 1);
    Alert alert = new Alert.Builder(AlertType.CHECKSUM_MISMATCH, "payload_checksum")
        .output("file:/out", "job_1").part("part-r-00000 & <i>", 0).record(3, 120)
        .message("payload \"changed\" <img src=x>").build(Instant.EPOCH);

    String html = ReportHtml.render(report, List.of(alert));

    assertFalse(html.contains("<script>"), html);
    assertFalse(html.contains("<img"), html);
    assertTrue(html.contains("file:/out/&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assertTrue(html.contains("job_1&quot;&gt;&lt;b&gt;"), html);
    assertTrue(html.contains("part-r-00000 &amp; &lt;i&gt;"), html);
    assertTrue(html.contains("payload &quot;changed&quot; &lt;img src=x&gt;"), html);
  }

  @Test
  void missingValuesRenderEmptyNotNull() {
    assertTrue(ReportHtml.esc(null).isEmpty());
  }
}
