package dev.adjoint.sample.functional;

import static dev.adjoint.sample.functional.GradientCase.of;

import dev.adjoint.sample.models.Regression;
import dev.adjoint.sample.models.Spirals;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample app's plain-array models (what fit and mlp train with), their generated gradients
 * against central finite differences at random points.
 */
class SampleModelsGradientTest {
  static Stream<GradientCase> models() {
    return Stream.of(
        of(Regression.class, "lineLoss").d("w", -2, 2).d("b", -2, 2).arrConst("xs", 5, -2, 2).arrConst("ys", 5, -2, 2),
        of(Regression.class, "polynomial").arr("c", 4, -1, 1).d("x", -2, 2),
        of(Regression.class, "polynomialLoss").arr("c", 4, -1, 1).arrConst("xs", 5, -2, 2).arrConst("ys", 5, -2, 2),
        of(Spirals.class, "dense").arr("w", 6, -1, 1).arr("b", 3, -0.5, 0.5).arr("x", 2, -1, 1),
        of(Spirals.class, "tanh").arr("v", 4, -2, 2),
        of(Spirals.class, "logisticLoss").d("margin", -3, 3).where(a -> Math.abs((Double) a[0]) > 1e-3),
        of(Spirals.class, "score").arr("w1", 6, -1, 1).arr("b1", 3, -0.5, 0.5).arr("w2", 9, -1, 1)
            .arr("b2", 3, -0.5, 0.5).arr("w3", 3, -1, 1).d("b3", -0.5, 0.5).d("x0", -1, 1).d("x1", -1, 1),
        of(Spirals.class, "loss").arr("w1", 6, -1, 1).arr("b1", 3, -0.5, 0.5).arr("w2", 9, -1, 1)
            .arr("b2", 3, -0.5, 0.5).arr("w3", 3, -1, 1).d("b3", -0.5, 0.5).arrConst("xs", 8, -1, 1)
            .fixed("labels", double[].class, new double[] {1, -1, -1, 1}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void generatedGradientsMatchFiniteDifferences(GradientCase c) {
    GradientChecker.check(c);
  }
}
