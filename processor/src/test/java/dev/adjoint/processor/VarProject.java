package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * A small project that uses generated types the way users write them: {@code var g = FooGradients.f(...)}
 * inside Foo itself (static and instance methods, main, a lambda's parameter, a for-each {@code var}, a
 * nested class, forward sweeps' records of two overloads, an explicit {@code wrt}, a Tensor method, one on the
 * tape and its sweeps), in another
 * class with gradients of its own, in a record (its receiver's and a record parameter's gradients), and
 * through a helper whose return type is generated. {@code p.Foo.main} prints {@code name=value} lines; {@link #check}
 * compares them with finite differences of the same functions written here.
 */
final class VarProject {
  private VarProject() {}

  static final Map<String, String> SOURCES = new LinkedHashMap<>();

  static {
    SOURCES.put("p.Foo", """
        package p;

        import dev.adjoint.Differentiable;
        import dev.adjoint.Tensor;
        import java.util.List;

        public class Foo {
          final double k;

          Foo(double k) {
            this.k = k;
          }

          @Differentiable
          static double square(double x) {
            return x * x;
          }

          @Differentiable
          double scaled(double x) {
            return k * Math.sin(x);
          }

          @Differentiable
          static double[] twice(double[] x) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              y[i] = 2 * x[i] * x[i];
            }
            return y;
          }

          @Differentiable
          static float[] twice(float[] x) {
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) {
              y[i] = 3 * x[i] * x[i];
            }
            return y;
          }

          @Differentiable(wrt = "x")
          static double weighted(double x, double w) {
            return w * Math.exp(x);
          }

          @Differentiable
          static Tensor energy(Tensor a, double scale) {
            return a.mul(a).sum().mul(scale);
          }

          @Differentiable
          static Tensor clipped(Tensor a) {
            Tensor s = a.mul(a).sum();
            if (s.item() > 100) {
              return s.mul(0.5);
            }
            return s;
          }

          static double inStatic(double x) {
            var g = FooGradients.square(x);
            return g.dX();
          }

          double inInstance(double x) {
            var g = FooGradients.scaledVjp(this, x, 2.0);
            return g.dX();
          }

          static double inLambda(double x) {
            List<FooGradients.SquareGradient> gs = List.of(FooGradients.square(x), FooGradients.square(2 * x));
            return gs.stream().mapToDouble(g -> g.dX()).sum();
          }

          static double inForEach(double[] xs) {
            double s = 0;
            for (var x : xs) {
              var g = FooGradients.square(x);
              s += g.dX();
            }
            return s;
          }

          static double[] sweeps(double x) {
            var forward = FooGradients.twiceForward(new double[] {x, 1});
            var back = FooGradients.twiceReverse(forward, new double[] {1, 0});
            return new double[] {forward.value()[0], back.dX()[0]};
          }

          static double overload(float x) {
            var forward = FooGradients.twiceForward(new float[] {x});
            var back = FooGradients.twiceReverse(forward, new float[] {1});
            return back.dX()[0];
          }

          static double explicitWrt(double x) {
            var g = FooGradients.weighted(x, 0.5);
            return g.dX();
          }

          static double tensor(double x) {
            var g = FooGradients.energy(Tensor.of(x, 2 * x), 3.0);
            return g.dA().toDoubleArray()[1];
          }

          static double onTape(double x) {
            var forward = FooGradients.clippedForward(Tensor.of(x, 2 * x));
            var g = FooGradients.clippedReverse(forward, Tensor.scalar(1.0));
            return g.dA().toDoubleArray()[1] + 0 * forward.value().item();
          }

          static class Inner {
            @Differentiable
            static double cube(double x) {
              return x * x * x;
            }

            static double outer(double x) {
              var g = FooGradients.square(x);
              return g.dX();
            }

            static double own(double x) {
              var g = Foo_InnerGradients.cube(x);
              return g.dX();
            }
          }

          public static void main(String[] args) {
            var g = FooGradients.square(3);
            System.out.println("main=" + g.dX());
            System.out.println("static=" + inStatic(1.5));
            System.out.println("instance=" + new Foo(2).inInstance(0.5));
            System.out.println("lambda=" + inLambda(1.25));
            System.out.println("forEach=" + inForEach(new double[] {1, 2, 3}));
            var sw = sweeps(1.5);
            System.out.println("forwardValue=" + sw[0]);
            System.out.println("reverse=" + sw[1]);
            System.out.println("overload=" + overload(1.5f));
            System.out.println("explicitWrt=" + explicitWrt(0.25));
            System.out.println("tensor=" + tensor(0.5));
            System.out.println("tape=" + onTape(0.5));
            System.out.println("nestedOuter=" + Inner.outer(0.75));
            System.out.println("nestedOwn=" + Inner.own(0.75));
            System.out.println("helper=" + Helper.viaMaker(2.5));
            System.out.println("otherClass=" + Bar.both(0.5));
            System.out.println("recordSelf=" + Line.slope(1.5));
            System.out.println("recordParam=" + Line.offset(1.5));
          }
        }
        """);
    SOURCES.put("p.Bar", """
        package p;

        import dev.adjoint.Differentiable;

        class Bar {
          @Differentiable
          static double h(double x) {
            return Math.exp(2 * x);
          }

          static double both(double x) {
            var mine = BarGradients.h(x);
            var theirs = FooGradients.square(x);
            return mine.dX() + theirs.dX();
          }
        }
        """);
    // Helper never names a generated class: only Maker's signature does.
    SOURCES.put("p.Helper", """
        package p;

        import dev.adjoint.Differentiable;

        class Helper {
          @Differentiable
          static double half(double x) {
            return 0.5 * x * x;
          }

          static double viaMaker(double x) {
            var g = Maker.make(x);
            return g.dX();
          }
        }
        """);
    SOURCES.put("p.Maker", """
        package p;

        final class Maker {
          private Maker() {}

          static FooGradients.SquareGradient make(double x) {
            return FooGradients.square(x);
          }
        }
        """);
    // A record: its receiver's gradient (dSelf) and a record parameter's (dLine), read through var inside it.
    SOURCES.put("p.Line", """
        package p;

        import dev.adjoint.Differentiable;

        record Line(double w, double b) {
          @Differentiable
          double at(double x) {
            return w * x + b;
          }

          @Differentiable
          static double loss(Line line, double x, double y) {
            double r = line.at(x) - y;
            return r * r;
          }

          static double slope(double x) {
            var g = LineGradients.at(new Line(2, 1), x);
            return g.dSelf().w();
          }

          static double offset(double x) {
            var g = LineGradients.loss(new Line(2, 1), x, 0.5);
            return g.dLine().b();
          }
        }
        """);
    // No var: its gradients stay one class, as before.
    SOURCES.put("p.Plain", """
        package p;

        import dev.adjoint.Differentiable;

        class Plain {
          @Differentiable
          static double f(double x) {
            return x * x * x;
          }
        }
        """);
  }

  private static double central(DoubleUnaryOperator f, double x) {
    double h = 1e-6;
    return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
  }

  /** The values {@code p.Foo.main} must print, from finite differences of the primal functions. */
  static Map<String, Double> expected() {
    DoubleUnaryOperator square = x -> x * x;
    Map<String, Double> e = new LinkedHashMap<>();
    e.put("main", central(square, 3));
    e.put("static", central(square, 1.5));
    e.put("instance", 2 * central(x -> 2 * Math.sin(x), 0.5));
    e.put("lambda", central(square, 1.25) + central(square, 2.5));
    e.put("forEach", central(square, 1) + central(square, 2) + central(square, 3));
    e.put("forwardValue", 2 * 1.5 * 1.5);
    e.put("reverse", central(x -> 2 * x * x, 1.5));
    e.put("overload", central(x -> 3 * x * x, 1.5));
    e.put("explicitWrt", central(x -> 0.5 * Math.exp(x), 0.25));
    e.put("tensor", central(x -> 3 * (0.25 + x * x), 1.0));
    e.put("tape", central(x -> 0.25 + x * x, 1.0));
    e.put("nestedOuter", central(square, 0.75));
    e.put("nestedOwn", central(x -> x * x * x, 0.75));
    e.put("helper", central(square, 2.5));
    e.put("otherClass", central(x -> Math.exp(2 * x), 0.5) + central(square, 0.5));
    e.put("recordSelf", central(w -> w * 1.5 + 1, 2));
    e.put("recordParam", central(b -> (2 * 1.5 + b - 0.5) * (2 * 1.5 + b - 0.5), 1));
    return e;
  }

  /** Compares main's output ({@code name=value} lines) with {@link #expected()}. */
  static void check(String output) {
    Map<String, Double> actual = new LinkedHashMap<>();
    for (String line : output.split("\\R")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        actual.put(line.substring(0, eq), Double.parseDouble(line.substring(eq + 1)));
      }
    }
    Map<String, Double> expected = expected();
    assertEquals(expected.keySet(), actual.keySet(), () -> "main printed:\n" + output);
    expected.forEach((name, value) -> {
      assertEquals(value, actual.get(name), 1e-6 * Math.max(1, Math.abs(value)), name);
      assertTrue(actual.get(name) != 0, name);
    });
  }
}
