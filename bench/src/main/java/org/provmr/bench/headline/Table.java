package org.provmr.bench.headline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The headline table: each figure, its goal, and whether it is met. */
final class Table {
  /** How a figure compares with its goal. */
  enum Direction { AT_MOST, AT_LEAST, INFO }

  /** One row. */
  record Row(String figure, double value, String unit, Direction direction, double goal,
      double aim, String detail) {
    String status() {
      return switch (direction) {
        case INFO -> "-";
        case AT_MOST -> value <= aim ? "AIM MET" : value <= goal ? "MET" : "NOT MET";
        case AT_LEAST -> value >= aim ? "AIM MET" : value >= goal ? "MET" : "NOT MET";
      };
    }

    String goalText() {
      if (direction == Direction.INFO) {
        return "";
      }
      String op = direction == Direction.AT_MOST ? "<= " : ">= ";
      return op + num(goal) + (aim != goal ? " (aim " + num(aim) + ")" : "");
    }
  }

  private final List<Row> rows = new ArrayList<>();

  void atMost(String figure, double value, String unit, double goal, double aim,
      String detail) {
    rows.add(new Row(figure, value, unit, Direction.AT_MOST, goal, aim, detail));
  }

  void atLeast(String figure, double value, String unit, double goal, double aim,
      String detail) {
    rows.add(new Row(figure, value, unit, Direction.AT_LEAST, goal, aim, detail));
  }

  void info(String figure, double value, String unit, String detail) {
    rows.add(new Row(figure, value, unit, Direction.INFO, Double.NaN, Double.NaN, detail));
  }

  void print() {
    int w = rows.stream().mapToInt(r -> r.figure().length()).max().orElse(10);
    String fmt = "%-" + w + "s  %12s  %-22s  %-8s  %s%n";
    System.out.printf(Locale.ROOT, fmt, "figure", "measured", "goal", "status", "detail");
    for (Row r : rows) {
      System.out.printf(Locale.ROOT, fmt, r.figure(), num(r.value()) + r.unit(), r.goalText(),
          r.status(), r.detail());
    }
  }

  List<Map<String, Object>> toJson() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("figure", r.figure());
      m.put("value", Double.isFinite(r.value()) ? r.value() : null);
      m.put("unit", r.unit());
      if (r.direction() != Direction.INFO) {
        m.put("goal", r.goalText());
      }
      m.put("status", r.status());
      m.put("detail", r.detail());
      out.add(m);
    }
    return out;
  }

  static String num(double v) {
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.3f", v);
  }
}
