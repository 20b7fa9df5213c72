package dev.adjoint;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Tells HotSpot's compilers to always inline the lane operations ({@link FloatLanes}, {@link DoubleLanes}) and
 * the lane rules ({@code FloatLaneRules}, {@code DoubleLaneRules}) into the runtime's loops and the generated
 * fused loops, as the JDK's own {@code @ForceInline} does for the Vector API they are written in.
 *
 * <p>Why: a vector passed to a method that is not inlined is boxed, so a one-pass rule or a fused loop whose
 * lane calls stay calls runs 1.5 to 3 times slower. C2 decides those inlinings from the callers' profiles,
 * and the small, hot rule methods sometimes have none: when the C2 queue is long they are compiled without
 * profiling (tier 2) and go straight to C2, whose call sites inside them then count as never executed. Java
 * 20 and later refuse such a call ("low call site frequency"); earlier versions inline there only a callee
 * small in bytecode and in the code it was already compiled to on its own. Which JVM gets which is a race of the compiler
 * threads, so the same program was fast in one JVM and slow in the next (the tape's chain on Java 25: backward
 * 3.1 ms in some fresh JVMs, 5.8-8.3 ms in others).
 *
 * <p>How: one compiler directive (JEP 165), added through the {@code DiagnosticCommand} MBean when a lanes
 * class is first used. It applies only to the compilation of the runtime's classes and of generated
 * {@code *Gradients} classes, and only names the lane classes, so other code compiles as before. Costs about
 * 0.2 s once (starting the platform MBean server). Off with {@code -Dadjoint.laneInlining=false}; without
 * {@code java.management}, or if the JVM refuses the directive, everything runs as before, only without the
 * guarantee.
 */
final class LaneInlining {
  private LaneInlining() {}

  /** The system property that turns the directive off ({@code false}). */
  static final String PROPERTY = "adjoint.laneInlining";

  /**
   * The directive, in the JSON-like format of {@code -XX:CompilerDirectivesFile}. The first entry that matches a
   * callee decides: the one-pass loops ({@code *Pass}) and their dispatch ({@code rule*}) are never inlined, so
   * that each loop stays a compilation of its own instead of eight loops forced into one dispatcher; every other
   * lane method always is.
   */
  static final String DIRECTIVE = "[{ match: [\"dev/adjoint/*.*\", \"*Gradients.*\"], inline: ["
      + "\"-dev/adjoint/FloatLanes.*Pass\", \"-dev/adjoint/DoubleLanes.*Pass\", "
      + "\"-dev/adjoint/FloatLanes.rule*\", \"-dev/adjoint/DoubleLanes.rule*\", "
      + "\"+dev/adjoint/FloatLanes.*\", \"+dev/adjoint/DoubleLanes.*\", "
      + "\"+dev/adjoint/rules/FloatLaneRules.*\", \"+dev/adjoint/rules/DoubleLaneRules.*\"] }]";

  /** What became of the directive in this JVM. */
  enum State {
    /** Not tried yet. */
    NOT_TRIED,
    /** The JVM took it. */
    INSTALLED,
    /** {@code -Dadjoint.laneInlining=false}. */
    DISABLED,
    /** The JVM could not take it (no {@code java.management}, no diagnostic commands, a refusal). */
    UNAVAILABLE
  }

  private static State state = State.NOT_TRIED;
  private static String refusal = "";

  /**
   * Adds the directive once per JVM, unless the property turns it off; later calls return the first outcome.
   *
   * @return what became of it
   */
  static synchronized State ensureInstalled() {
    if (state == State.NOT_TRIED) {
      state = enabled(System.getProperty(PROPERTY)) ? install(ADD) : State.DISABLED;
    }
    return state;
  }

  /** Why the JVM did not take the directive, when {@link #ensureInstalled} says {@link State#UNAVAILABLE}. */
  static synchronized String refusal() {
    return refusal;
  }

  /** Whether the property's value leaves the directive on: anything but {@code false} does. */
  static boolean enabled(String property) {
    return property == null || !property.trim().equalsIgnoreCase("false");
  }

  /** The diagnostic command that adds directives ({@code jcmd}'s {@code Compiler.directives_add}). */
  static final String ADD = "compilerDirectivesAdd";

  /**
   * Hands the directive to the diagnostic command {@code operation}; whatever goes wrong becomes
   * {@link State#UNAVAILABLE} with its reason in {@link #refusal}, never an exception.
   */
  static State install(String operation) {
    Path file = null;
    try {
      // the diagnostic command reads directives from a file only
      file = Files.createTempFile("adjoint-lane-inlining", ".json");
      Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
      Object answer = diagnosticCommand(operation, file.toString());
      if (String.valueOf(answer).contains("1 compiler directives added")) {
        return State.INSTALLED;
      }
      return unavailable(operation + " answered: " + String.valueOf(answer).strip());
    } catch (IOException | JMException | RuntimeException | LinkageError e) {
      return unavailable(operation + " failed: " + e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temporary file left behind costs nothing the next run depends on
        }
      }
    }
  }

  private static synchronized State unavailable(String why) {
    refusal = why;
    System.getLogger(LaneInlining.class.getName()).log(System.Logger.Level.DEBUG,
        "lane inlining directive not installed (" + why + "); vector loops may run slower in some JVMs");
    return State.UNAVAILABLE;
  }

  /** Runs one of the JVM's diagnostic commands ({@code jcmd}'s, in MBean form) and returns its output. */
  static Object diagnosticCommand(String operation, String... arguments) throws JMException {
    return ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), operation,
        new Object[] {arguments}, new String[] {String[].class.getName()});
  }
}
