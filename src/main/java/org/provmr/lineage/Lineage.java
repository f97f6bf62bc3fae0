package org.provmr.lineage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a record came to be: the steps of the job that wrote it, plus the lineages of the jobs
 * whose output that job read, nested as deep as the pipeline. Immutable.
 */
public final class Lineage {

  private static final Lineage EMPTY = new Lineage(List.of(), List.of());

  private final List<Step> steps;
  private final List<Lineage> upstream;
  private final int depth;
  // Immutable all the way down, so computed once: lineages are compared per record.
  private final int hash;

  private Lineage(List<Step> steps, List<Lineage> upstream) {
    this.steps = steps;
    this.upstream = upstream;
    int d = 0;
    for (Lineage u : upstream) {
      d = Math.max(d, u.depth);
    }
    this.depth = d + 1;
    this.hash = 31 * steps.hashCode() + upstream.hashCode();
  }

  /**
   * A lineage with the given steps (in the order they ran) and upstream lineages.
   *
   * @throws NullPointerException if a list or an element is null
   */
  public static Lineage of(List<Step> steps, List<Lineage> upstream) {
    return new Lineage(List.copyOf(steps), List.copyOf(upstream));
  }

  /** The lineage with no steps and no upstream. */
  public static Lineage empty() {
    return EMPTY;
  }

  /** This job's steps, in the order they ran. */
  public List<Step> steps() {
    return steps;
  }

  /** Lineages of the jobs whose output this job read. */
  public List<Lineage> upstream() {
    return upstream;
  }

  /** Levels of nesting: 1 without upstream, else 1 + the deepest upstream's depth. */
  public int depth() {
    return depth;
  }

  /** A new lineage with {@code s} appended to this one's steps and the same upstream. */
  public Lineage withStep(Step s) {
    Objects.requireNonNull(s, "step");
    List<Step> more = new ArrayList<>(steps.size() + 1);
    more.addAll(steps);
    more.add(s);
    return new Lineage(List.copyOf(more), upstream);
  }

  /** Whether any step here or in any upstream lineage belongs to {@code job}. */
  public boolean containsJob(String job) {
    for (Step s : steps) {
      if (s.job().equals(job)) {
        return true;
      }
    }
    for (Lineage u : upstream) {
      if (u.containsJob(job)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every step in the order they ran: upstream lineages first, depth-first in list order,
   * then this lineage's own steps. A step reached along two paths (a job whose output two
   * upstream jobs both read) is listed once, where it is first reached, since it ran once.
   */
  public List<Step> allSteps() {
    Set<Step> out = new LinkedHashSet<>();
    collect(out);
    return List.copyOf(out);
  }

  private void collect(Set<Step> out) {
    for (Lineage u : upstream) {
      u.collect(out);
    }
    out.addAll(steps);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Lineage)) {
      return false;
    }
    Lineage other = (Lineage) o;
    return hash == other.hash && steps.equals(other.steps) && upstream.equals(other.upstream);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "Lineage{steps=" + steps + ", upstream=" + upstream + "}";
  }
}
