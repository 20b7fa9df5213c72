package dev.adjoint.seeds;

import static dev.adjoint.seeds.Approx.F32;
import static dev.adjoint.seeds.Approx.assertScalar;
import static dev.adjoint.seeds.Approx.assertValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.GradScope;
import dev.adjoint.GradientTape;
import dev.adjoint.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Seed 003 ("Autograd in PyTorch" and "GradientTape in Tensorflow"): grad_fn names, retain_grad,
 * vectors, clearing gradients, disabling tracking, and TensorFlow's persistent tape on a variable
 * and on a watched constant. Numbers from PyTorch 1.13 running the seed's code (the TensorFlow
 * cells are re-enacted in PyTorch with retain_grad, same values).
 */
class Seed003AutogradAndGradientTapeTest {

  /**
   * <pre>
   * x = tr.tensor(3.0, requires_grad=True)
   * print(x**2, 2*x, 9/x, 8-x, 11+x)
   * # tensor(9., grad_fn=&lt;PowBackward0&gt;) tensor(6., grad_fn=&lt;MulBackward0&gt;)
   * # tensor(3., grad_fn=&lt;MulBackward0&gt;) tensor(5., grad_fn=&lt;RsubBackward1&gt;)
   * # tensor(14., grad_fn=&lt;AddBackward0&gt;)
   * y.backward(); x.grad    # tensor(6.)
   * </pre>
   */
  @Test
  void scalarOperationsAndTheirGradFns() {
    Tensor x = Tensor.scalar(3.0).requiresGrad(true);
    Tensor y = x.pow(2);
    Tensor z = x.mul(2);
    Tensor k = x.rdiv(9);
    Tensor l = x.rsub(8);
    Tensor m = x.add(11);
    assertScalar(9, y, 0);
    assertScalar(6, z, 0);
    assertScalar(3, k, F32);
    assertScalar(5, l, 0);
    assertScalar(14, m, 0);
    assertEquals("PowBackward", y.gradFn());
    assertEquals("MulBackward", z.gradFn());
    assertEquals("AddBackward", m.gradFn());
    assertEquals("RsubBackward", l.gradFn());
    assertTrue(x.toString().contains("requires"), x.toString());
    y.backward();
    assertScalar(6, x.grad(), 0);
  }

  /**
   * <pre>
   * x = tr.tensor(3.0, requires_grad=True); y = x**2; z = tr.sin(y)
   * print(z.item(), (2*x*tr.cos(x**2)).item(), tr.cos(y).item())
   * # 0.41211849451065063 -5.4667816162109375 -0.9111302495002747
   * z.backward(); print(y.grad, x.grad)     # None tensor(-5.4668)
   * # with y.retain_grad() before backward: tensor(-0.9111) tensor(-5.4668)
   * </pre>
   */
  @Test
  void retainGradKeepsAnIntermediateGradient() {
    Tensor x = Tensor.scalar(3.0).requiresGrad(true);
    Tensor y = x.pow(2);
    Tensor z = y.sin();
    assertScalar(0.41211849451065063, z, F32);
    assertScalar(-5.4667816162109375, x.mul(2).mul(x.pow(2).cos()), F32);
    assertScalar(-0.9111302495002747, y.cos(), F32);
    z.backward();
    assertNull(y.grad(), "non-leaf gradients are not kept by default");
    assertScalar(-5.4667816162109375, x.grad(), F32);

    Tensor x2 = Tensor.scalar(3.0).requiresGrad(true);
    Tensor y2 = x2.pow(2);
    y2.retainGrad();
    y2.sin().backward();
    assertScalar(-0.9111302495002747, y2.grad(), F32);
    assertScalar(-5.4667816162109375, x2.grad(), F32);
  }

  /**
   * <pre>
   * x = tr.tensor(np.linspace(0, 3.0, 20), dtype=tr.float32, requires_grad=True)
   * y = x**2; y.retain_grad(); z = tr.sin(y); z.sum().backward()
   * print(y.grad.tolist()); print(x.grad.tolist())
   * </pre>
   */
  @Test
  void vectorsWithRetainGrad() {
    double[] grid = new double[20];
    for (int i = 0; i < 20; i++) {
      grid[i] = 3.0 * i / 19;
    }
    Tensor x = Tensor.of(grid, 20).requiresGrad(true);
    Tensor y = x.pow(2);
    y.retainGrad();
    Tensor z = y.sin();
    z.sum().backward();
    assertValues(new double[] {1.0, 0.9996892809867859, 0.9950317740440369, 0.9749329686164856,
        0.9214919209480286, 0.8119748830795288, 0.623560905456543, 0.3421366512775421,
        -0.02476884238421917, -0.4336991012096405, -0.7969799637794495, -0.9922011494636536,
        -0.9011266827583313, -0.4786289930343628, 0.17315976321697235, 0.7814769148826599,
        0.9950950145721436, 0.6043864488601685, -0.22172167897224426, -0.9111302495002747},
        y.grad(), 1e-5);
    assertValues(new double[] {0.0, 0.31569135189056396, 0.6284410953521729, 0.9236207008361816,
        1.163989782333374, 1.2820656299591064, 1.1814838647842407, 0.7563020586967468,
        -0.06257391721010208, -1.2326184511184692, -2.5167789459228516, -3.4465935230255127,
        -3.4147958755493164, -1.9648979902267456, 0.7655484080314636, 3.701732873916626,
        5.027848243713379, 3.244601011276245, -1.2603126764297485, -5.4667816162109375},
        x.grad(), 1e-5);
  }

  /**
   * <pre>
   * x = tr.tensor(2.0, requires_grad=True); y = x**2; y.backward(); x.grad   # tensor(4.)
   * y = x**2; y.backward(); x.grad                                           # tensor(8.)
   * x.grad.zero_()                                                           # tensor(0.)
   * y = x**2; y.backward(); x.grad                                           # tensor(4.)
   * </pre>
   */
  @Test
  void clearingGradients() {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    x.pow(2).backward();
    assertScalar(4, x.grad(), 0);
    x.pow(2).backward();
    assertScalar(8, x.grad(), 0);
    x.grad().zero();
    assertScalar(0, x.grad(), 0);
    x.pow(2).backward();
    assertScalar(4, x.grad(), 0);
    x.clearGrad();
    assertNull(x.grad());
  }

  /**
   * <pre>
   * x = tr.tensor(2.0); x.requires_grad_(False); y = x**2; print(x, y)   # tensor(2.) tensor(4.)
   * x = tr.tensor(2.0, requires_grad=True); y = x**2; z = x.detach(); y1 = z**2
   * print(id(x)==id(z), x, y, z, y1)
   * # False tensor(2., requires_grad=True) tensor(4., grad_fn=&lt;PowBackward0&gt;) tensor(2.) tensor(4.)
   * with tr.no_grad(): y = x**2
   * print(x, y)   # tensor(2., requires_grad=True) tensor(4.)
   * </pre>
   */
  @Test
  void disablingGradientTracking() {
    Tensor c = Tensor.scalar(2.0).requiresGrad(false);
    Tensor cy = c.pow(2);
    assertFalse(cy.requiresGrad());
    assertScalar(4, cy, 0);

    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y = x.pow(2);
    Tensor z = x.detach();
    Tensor y1 = z.pow(2);
    assertNotSame(x, z);
    assertTrue(x.requiresGrad());
    assertEquals("PowBackward", y.gradFn());
    assertFalse(z.requiresGrad());
    assertNull(y1.gradFn());
    assertScalar(4, y1, 0);

    Tensor y2;
    try (GradScope s = Autograd.noGrad()) {
      y2 = x.pow(2);
    }
    assertTrue(x.requiresGrad());
    assertFalse(y2.requiresGrad());
    assertScalar(4, y2, 0);
  }

  /**
   * TensorFlow, on a variable (a tensor that requires grad: watched automatically):
   *
   * <pre>
   * x = tf.Variable(3.0, trainable = True)
   * with tf.GradientTape(persistent=True) as tape:
   *     y = x**2; z = tf.sin(y)
   * dz_dy = tape.gradient(z,y)     # tf.Tensor(-0.91113025, shape=(), dtype=float32)
   * dz_dx = tape.gradient(z,x)     # tf.Tensor(-5.4667816, shape=(), dtype=float32)
   * </pre>
   */
  @Test
  void persistentTapeOnAVariable() {
    Tensor x = Tensor.scalar(3.0).requiresGrad(true);
    Tensor y;
    Tensor z;
    GradientTape tape = GradientTape.persistent();
    try (tape) {
      y = x.pow(2);
      z = y.sin();
    }
    Tensor dzdy = tape.gradient(z, y);
    Tensor dzdx = tape.gradient(z, x);
    assertScalar(-0.91113025, dzdy, F32);
    assertScalar(-5.4667816, dzdx, F32);
    assertEquals(DType.FLOAT32, dzdx.dtype());
    assertNull(x.grad(), "the tape does not accumulate into grad()");
  }

  /**
   * TensorFlow, on a constant that must be watched:
   *
   * <pre>
   * x = tf.constant(3.0)
   * with tf.GradientTape(persistent=True) as tape:
   *     tape.watch(x); y = x**2; z = tf.sin(y)
   * print(tape.gradient(z,y), tape.gradient(z,x))   # -0.91113025  -5.4667816
   * # if not watched for constant it will print 'None'
   * </pre>
   */
  @Test
  void persistentTapeOnAWatchedConstant() {
    Tensor x = Tensor.scalar(3.0);
    try (GradientTape tape = GradientTape.persistent()) {
      tape.watch(x);
      Tensor y = x.pow(2);
      Tensor z = y.sin();
      assertScalar(-0.91113025, tape.gradient(z, y), F32);
      assertScalar(-5.4667816, tape.gradient(z, x), F32);
    }
    assertFalse(x.requiresGrad(), "watching ends with the tape");

    // Not watched: nothing was recorded, and the tape says so instead of answering None.
    Tensor c = Tensor.scalar(3.0);
    try (GradientTape tape = GradientTape.persistent()) {
      Tensor z = c.pow(2).sin();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> tape.gradient(z, c));
      assertTrue(e.getMessage().contains("watch"), e.getMessage());
    }
  }

  /**
   * TensorFlow, vectors (float64, no aggregation needed: the gradient of the sum):
   *
   * <pre>
   * x = tf.Variable(tf.linspace(0,3,10), trainable = True)
   * with tf.GradientTape(persistent=True) as tape:
   *     y = x**2; z = tf.sin(y)
   * print(tape.gradient(z,y)); print(tape.gradient(z,x))
   * # [ 1.          0.99383351  0.90284967  0.54030231 -0.20550672 -0.93454613
   * #  -0.65364362  0.6683999   0.67640492 -0.91113026]
   * # [ 0.          0.66255567  1.20379956  1.08060461 -0.54801792 -3.11515378
   * #  -2.61457448  3.11919955  3.60749292 -5.46678157]
   * # full precision, from x = torch.linspace(0,3,10,dtype=torch.float64) with retain_grad:
   * </pre>
   */
  @Test
  void persistentTapeOnVectorsInFloat64() {
    double[] grid = new double[10];
    for (int i = 0; i < 10; i++) {
      grid[i] = 3.0 * i / 9;
    }
    DType previous = defaultDType();
    Tensor x;
    try {
      Tensor.setDefaultDType(DType.FLOAT64);
      x = Tensor.of(grid, 10).requiresGrad(true);
    } finally {
      Tensor.setDefaultDType(previous);
    }
    assertEquals(DType.FLOAT64, x.dtype());
    try (GradientTape tape = GradientTape.persistent()) {
      Tensor y = x.pow(2);
      Tensor z = y.sin();
      Tensor dzdy = tape.gradient(z, y);
      Tensor dzdx = tape.gradient(z, x);
      assertEquals(DType.FLOAT64, dzdx.dtype());
      assertValues(new double[] {1.0, 0.993833508538892, 0.9028496693588987, 0.5403023058681398,
          -0.2055067203681578, -0.9345461343110482, -0.6536436208636119, 0.6683999043883243,
          0.6764049215676338, -0.9111302618846769}, dzdy, 1e-12);
      assertValues(new double[] {0.0, 0.6625556723592613, 1.2037995591451982, 1.0806046117362795,
          -0.5480179209817542, -3.115153781036827, -2.6145744834544478, 3.1191995538121797,
          3.60749291502738, -5.466781571308061}, dzdx, 1e-12);
    }
  }

  private static DType defaultDType() {
    return Tensor.zeros(1).dtype();
  }
}
