package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.DType;
import dev.adjoint.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Sgd and Adam against trajectories computed by PyTorch 1.13 (float32) on the same least-squares
 * problem: five steps of {@code mse_loss(X @ w + b, Y)}, then w (row-major) and b after each step.
 *
 * <pre>
 * import torch
 * X = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5], [-1.0, 2.0, 0.75], [0.0, -0.5, 1.0]])
 * Y = torch.tensor([[1.0, -2.0], [0.5, 0.0], [-1.5, 1.0], [2.0, 0.5]])
 * W0 = [[0.1, -0.2], [0.3, 0.05], [-0.4, 0.25]]
 * B0 = [0.01, -0.02]
 * def run(make, steps=5):
 *     w = torch.tensor(W0, requires_grad=True); b = torch.tensor(B0, requires_grad=True)
 *     opt = make([w, b]); out = []
 *     for _ in range(steps):
 *         opt.zero_grad()
 *         loss = torch.nn.functional.mse_loss(X {@literal @} w + b, Y)
 *         loss.backward(); opt.step()
 *         out.append(w.detach().flatten().tolist() + b.detach().tolist())
 *     return out
 * cfgs = {
 *  "sgdPlain": lambda p: torch.optim.SGD(p, lr=0.1),
 *  "sgdMomentum": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01),
 *  "sgdNesterov": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8, weight_decay=0.001, nesterov=True),
 *  "adamDefault": lambda p: torch.optim.Adam(p, lr=0.01),
 *  "adamWeightDecayAmsgrad": lambda p: torch.optim.Adam(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1, amsgrad=True),
 *  "adamW": lambda p: torch.optim.AdamW(p, lr=0.05, weight_decay=0.1),
 * }
 * for name, mk in cfgs.items():
 *     tr = run(mk)
 *     print(f"  // {name}")
 *     print("  {" + ",\n   ".join("{" + ", ".join(repr(v) for v in row) + "}" for row in tr) + "}")
 * </pre>
 */
class OptimTrajectoryTest {
  private static final double[][] X = {
      {0.5, -1.0, 2.0}, {1.5, 0.25, -0.5}, {-1.0, 2.0, 0.75}, {0.0, -0.5, 1.0}};
  private static final double[][] Y = {{1.0, -2.0}, {0.5, 0.0}, {-1.5, 1.0}, {2.0, 0.5}};
  private static final double[][] W0 = {{0.1, -0.2}, {0.3, 0.05}, {-0.4, 0.25}};
  private static final double[] B0 = {0.01, -0.02};

  private static final double[][] SGDPLAIN =
  {{0.1706874966621399, -0.22621874511241913, 0.13215625286102295, 0.13389062881469727, -0.26737499237060547, 0.14545312523841858, 0.0833749994635582, -0.04674999788403511},
   {0.22609658539295197, -0.24632474780082703, -0.007286181207746267, 0.20280784368515015, -0.1638207882642746, 0.06030334532260895, 0.1400166004896164, -0.06324804574251175},
   {0.26912787556648254, -0.26166218519210815, -0.12341488897800446, 0.2594183385372162, -0.0831456407904625, -0.009445670992136002, 0.1838095784187317, -0.07196742296218872},
   {0.30213820934295654, -0.2733040452003479, -0.2203863263130188, 0.3058972656726837, -0.02048001065850258, -0.06695038080215454, 0.2177700400352478, -0.07482575625181198},
   {0.3270428478717804, -0.28210538625717163, -0.3015993535518646, 0.3440210223197937, 0.028005536645650864, -0.11470499634742737, 0.2442358285188675, -0.07330643385648727}};

  private static final double[][] SGDMOMENTUM =
  {{0.13529375195503235, -0.21300937235355377, 0.21592813730239868, 0.09192030876874924, -0.33348751068115234, 0.1976015567779541, 0.04668249934911728, -0.033365000039339066},
   {0.19536854326725006, -0.23505038022994995, 0.07103723287582397, 0.16399121284484863, -0.2203509360551834, 0.10768035799264908, 0.10892421752214432, -0.055106088519096375},
   {0.2718261778354645, -0.2628803253173828, -0.11752322316169739, 0.2573763132095337, -0.07647325843572617, -0.008507788181304932, 0.18775047361850739, -0.08046991378068924},
   {0.35539814829826355, -0.2929477393627167, -0.33104830980300903, 0.3623991310596466, 0.0807599350810051, -0.13873356580734253, 0.27339044213294983, -0.10416814684867859},
   {0.43686121702194214, -0.32178664207458496, -0.550918698310852, 0.46940484642982483, 0.23429721593856812, -0.2709925174713135, 0.3563830256462097, -0.12107674777507782}};

  private static final double[][] SGDNESTEROV =
  {{0.16360974311828613, -0.22357887029647827, 0.14891362190246582, 0.12549705803394318, -0.28060150146484375, 0.15588532388210297, 0.07603660225868225, -0.0440731979906559},
   {0.23745489120483398, -0.2505898177623749, -0.032869987189769745, 0.2157030701637268, -0.14231370389461517, 0.04403063654899597, 0.15199099481105804, -0.0683983564376831},
   {0.310324490070343, -0.27681565284729004, -0.22194895148277283, 0.30856645107269287, -0.005864519625902176, -0.07060723006725311, 0.22635817527770996, -0.08716091513633728},
   {0.3740085959434509, -0.2993205487728119, -0.40078315138816833, 0.3950539529323578, 0.11404000222682953, -0.17721763253211975, 0.29123979806900024, -0.09657999128103256},
   {0.4232947528362274, -0.3164333999156952, -0.5576222538948059, 0.4691227078437805, 0.20857825875282288, -0.26902028918266296, 0.3422275483608246, -0.09487570822238922}};

  private static final double[][] ADAMDEFAULT =
  {{0.10999999940395355, -0.21000000834465027, 0.2900000214576721, 0.05999999865889549, -0.39000001549720764, 0.23999999463558197, 0.019999999552965164, -0.029999999329447746},
   {0.11999368667602539, -0.21997980773448944, 0.28000324964523315, 0.06999316811561584, -0.38000524044036865, 0.23000678420066833, 0.029992416501045227, -0.03997448831796646},
   {0.12997668981552124, -0.2299240529537201, 0.27001187205314636, 0.07997473329305649, -0.3700193166732788, 0.22002510726451874, 0.03997192531824112, -0.04990343749523163},
   {0.13994447886943817, -0.239815816283226, 0.2600281536579132, 0.08993978053331375, -0.3600459098815918, 0.21005985140800476, 0.04993301257491112, -0.05976426228880882},
   {0.1498924195766449, -0.24963653087615967, 0.2500542998313904, 0.09988325089216232, -0.35008880496025085, 0.20011599361896515, 0.059869978576898575, -0.06953155249357224}};

  private static final double[][] ADAMWEIGHTDECAYAMSGRAD =
  {{0.1499999314546585, -0.2499997913837433, 0.2500000298023224, 0.09999993443489075, -0.3500000238418579, 0.20000004768371582, 0.05999992787837982, -0.0699998140335083},
   {0.1995743215084076, -0.2979494333267212, 0.2001882791519165, 0.1495453417301178, -0.30031487345695496, 0.15042918920516968, 0.109487384557724, -0.11755836009979248},
   {0.2483607530593872, -0.3410232365131378, 0.15070462226867676, 0.19824865460395813, -0.2511964440345764, 0.10164302587509155, 0.15800727903842926, -0.1590571105480194},
   {0.2959296405315399, -0.3749200105667114, 0.10169844329357147, 0.24565991759300232, -0.20292876660823822, 0.05403226613998413, 0.20500381290912628, -0.189034104347229},
   {0.34178057312965393, -0.395879328250885, 0.05332709476351738, 0.29128220677375793, -0.1558263748884201, 0.007982008159160614, 0.2498132437467575, -0.20317623019218445}};

  private static final double[][] ADAMW =
  {{0.14949999749660492, -0.24899999797344208, 0.2485000044107437, 0.09974999725818634, -0.3479999899864197, 0.19875000417232513, 0.059950001537799835, -0.06989999860525131},
   {0.19852131605148315, -0.29663336277008057, 0.19736099243164062, 0.14899711310863495, -0.29644861817359924, 0.14801588654518127, 0.10935129225254059, -0.11789242923259735},
   {0.24686796963214874, -0.3413994312286377, 0.14665907621383667, 0.19752293825149536, -0.245498925447464, 0.09801830351352692, 0.15793520212173462, -0.161403626203537},
   {0.29430466890335083, -0.3809669315814972, 0.09647694230079651, 0.24506504833698273, -0.1953287422657013, 0.049011390656232834, 0.20536555349826813, -0.1962675303220749},
   {0.34055134654045105, -0.4124116897583008, 0.046904001384973526, 0.29131489992141724, -0.14614272117614746, 0.0012654662132263184, 0.2512272000312805, -0.21804825961589813}};

  private static void run(Function<List<Tensor>, Optimizer> make, double[][] expected) {
    Tensor w = Tensor.of(W0).requiresGrad(true);
    Tensor b = Tensor.of(B0).requiresGrad(true);
    Tensor x = Tensor.of(X);
    Tensor y = Tensor.of(Y);
    Optimizer opt = make.apply(List.of(w, b));
    for (int step = 0; step < expected.length; step++) {
      opt.zeroGrad();
      Tensor loss = x.matmul(w).add(b).mseLoss(y);
      loss.backward();
      opt.step();
      double[] got = new double[8];
      System.arraycopy(w.toDoubleArray(), 0, got, 0, 6);
      System.arraycopy(b.toDoubleArray(), 0, got, 6, 2);
      for (int i = 0; i < 8; i++) {
        if (Math.abs(got[i] - expected[step][i]) > 2e-6 * Math.max(1, Math.abs(expected[step][i]))) {
          fail(opt + " step " + (step + 1) + " entry " + i + ": expected " + expected[step][i]
              + " got " + got[i] + "\nexpected " + Arrays.toString(expected[step]) + "\nactual   "
              + Arrays.toString(got));
        }
      }
    }
  }

  @Test
  void sgdPlain() {
    run(p -> new Sgd(p, 0.1), SGDPLAIN);
  }

  @Test
  void sgdMomentum() {
    run(p -> Sgd.builder(p).lr(0.05).momentum(0.9).dampening(0.1).weightDecay(0.01).build(), SGDMOMENTUM);
  }

  @Test
  void sgdNesterov() {
    run(p -> new Sgd(p, 0.05, 0.8, 0, 0.001, true), SGDNESTEROV);
  }

  @Test
  void adamDefault() {
    run(p -> new Adam(p, 0.01), ADAMDEFAULT);
  }

  @Test
  void adamWeightDecayAmsgrad() {
    run(p -> Adam.builder(p).lr(0.05).betas(0.8, 0.99).eps(1e-6).weightDecay(0.1).amsgrad(true).build(), ADAMWEIGHTDECAYAMSGRAD);
  }

  @Test
  void adamW() {
    run(p -> Adam.builder(p).lr(0.05).decoupledWeightDecay(0.1).build(), ADAMW);
  }

  @Test
  void zeroGradClearsAndParametersWithoutGradAreSkipped() {
    Tensor w = Tensor.of(1.0, 2.0).requiresGrad(true);
    Tensor unused = Tensor.of(5.0).requiresGrad(true);
    Sgd sgd = new Sgd(List.of(w, unused), 0.5, 0.9);
    w.mul(w).sum().backward();
    sgd.step();
    assertEquals(0.0, w.toDoubleArray()[0], 1e-7);   // 1 - 0.5 * 2
    assertEquals(0.0, w.toDoubleArray()[1], 1e-7);   // 2 - 0.5 * 4
    assertEquals(5.0, unused.toDoubleArray()[0]);
    assertNull(unused.grad());
    sgd.zeroGrad();
    assertNull(w.grad());
    assertTrue(w.isLeaf() && w.requiresGrad());
  }

  /**
   * {@code zeroGrad(false)} fills the gradients with zeros, so a parameter the loss stops using keeps moving
   * (momentum, weight decay). PyTorch 1.13:
   * <pre>
   * w = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
   * v = torch.tensor([3.0], dtype=torch.float64, requires_grad=True)
   * opt = torch.optim.SGD([w, v], lr=0.1, momentum=0.9, weight_decay=0.05)
   * for step in range(4):
   *     opt.zero_grad(set_to_none=False)
   *     ((w * w).sum() + ((v * v).sum() if step < 2 else 0)).backward(); opt.step()
   * print(w.tolist(), v.tolist())   # [-0.32979448687500007, 0.6595889737500001] [-0.45471461062500074]
   * </pre>
   */
  @Test
  void zeroGradWithoutSettingToNoneFillsZeros() {
    Tensor w = Tensor.of(DType.FLOAT64, new double[] {1.0, -2.0}, 2).requiresGrad(true);
    Tensor v = Tensor.of(DType.FLOAT64, new double[] {3.0}, 1).requiresGrad(true);
    Sgd sgd = Sgd.builder(List.of(w, v)).lr(0.1).momentum(0.9).weightDecay(0.05).build();
    for (int step = 0; step < 4; step++) {
      sgd.zeroGrad(false);
      Tensor loss = w.mul(w).sum();
      if (step < 2) {
        loss = loss.add(v.mul(v).sum());
      }
      loss.backward();
      sgd.step();
    }
    assertArrayEquals(new double[] {-0.32979448687500007, 0.6595889737500001}, w.toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {-0.45471461062500074}, v.toDoubleArray(), 1e-15);
    sgd.zeroGrad();
    assertNull(w.grad(), "zeroGrad() clears (set_to_none=True)");
  }

  /**
   * A parameter that does not require grad (frozen) is accepted and left alone until it gets a gradient, as in
   * PyTorch: w = [1., -2.] (requires grad), f = [3.] (frozen), SGD(lr=0.1); (w*w).sum() step: w [0.8, -1.6],
   * f [3.]; then f.requires_grad_(True), (w*f).sum() step: w [0.5, -1.9], f [3.08].
   */
  @Test
  void frozenParametersAreSkippedUntilTheyHaveAGradient() {
    Tensor w = Tensor.of(DType.FLOAT64, new double[] {1.0, -2.0}, 2).requiresGrad(true);
    Tensor frozen = Tensor.of(DType.FLOAT64, new double[] {3.0}, 1);
    Sgd sgd = new Sgd(List.of(w, frozen), 0.1);
    w.mul(w).sum().backward();
    sgd.step();
    assertArrayEquals(new double[] {0.8, -1.6}, w.toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {3.0}, frozen.toDoubleArray());
    frozen.requiresGrad(true);
    sgd.zeroGrad();
    w.mul(frozen).sum().backward();
    sgd.step();
    assertArrayEquals(new double[] {0.5, -1.9000000000000001}, w.toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {3.08}, frozen.toDoubleArray(), 1e-15);
  }

  @Test
  void badArgumentsAreExplained() {
    Tensor w = Tensor.of(1.0).requiresGrad(true);
    Tensor nonLeaf = w.mul(2);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(w), -1))
        .getMessage().contains("lr"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(nonLeaf), 0.1))
        .getMessage().contains("leaf"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(w, w)))
        .getMessage().contains("same tensor"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Adam.builder(List.of(w)).betas(1.0, 0.999).build()).getMessage().contains("beta1"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new Sgd(List.of(w), 0.1, 0, 0.5, 0, true)).getMessage().contains("Nesterov"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Sgd.builder(List.of(w)).build()).getMessage().contains("learning rate"));
  }

  /**
   * A learning-rate change keeps the momentum buffer. PyTorch:
   * <pre>
   * w = torch.tensor([1.0, -2.0], requires_grad=True)
   * opt = torch.optim.SGD([w], lr=0.1, momentum=0.5)
   * for lr in [0.1, 0.01, 0.01]:
   *     opt.param_groups[0]["lr"] = lr; opt.zero_grad(); (w * w).sum().backward(); opt.step()
   * print(w.tolist())   # [0.7455199956893921, -1.4910399913787842]
   * </pre>
   */
  @Test
  void learningRateScheduleKeepsState() {
    Tensor w = Tensor.of(1.0, -2.0).requiresGrad(true);
    Sgd sgd = new Sgd(List.of(w), 0.1, 0.5);
    assertEquals(0.1, sgd.learningRate());
    for (double lr : new double[] {0.1, 0.01, 0.01}) {
      sgd.setLearningRate(lr);
      sgd.zeroGrad();
      w.mul(w).sum().backward();
      sgd.step();
    }
    assertEquals(0.7455199956893921, w.toDoubleArray()[0], 1e-6);
    assertEquals(-1.4910399913787842, w.toDoubleArray()[1], 1e-6);
    assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(-1));
  }
}
