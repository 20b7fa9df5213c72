package dev.adjoint.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.sample.Cli.Run;
import dev.adjoint.sample.report.ReviewSources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tour, as the README's first command runs it: a summary of each part with its numbers, every
 * picture, and the review page, which is then loaded in a real headless Chromium.
 */
class TourTest {
  private static final List<String> PICTURES = List.of("fit-loss.png", "fit.png", "mlp-loss.png",
      "mlp-spirals.png", "pinn-loss.png", "pinn.png", "plot-cos-of-square.png", "plot-cubic.png", "plot-tanh.png",
      "plot-wave.png");

  @TempDir
  static Path dir;

  @TempDir
  static Path profile;

  private static Run tour;

  @BeforeAll
  static void runTheTour() {
    tour = Cli.run("--out", dir.toString(), "--no-progress");
  }

  private static double number(String pattern) {
    Matcher m = Pattern.compile(pattern).matcher(tour.out());
    assertTrue(m.find(), "no match for " + pattern + " in:\n" + tour.out());
    return Double.parseDouble(m.group(1));
  }

  @Test
  void theTourSummarisesEveryPartWithItsNumbers() {
    assertEquals(0, tour.status(), tour.out() + tour.err());
    assertEquals("", tour.err());
    assertTrue(number("f' \\(generated\\) (\\S+),") < 1e-12, tour.out());
    assertTrue(number("f'' \\(tape\\) (\\S+)") < 1e-10, tour.out());
    assertEquals(5, number("== seeds:.*\\n  (\\d+) tutorials"), 0);
    assertTrue(number("losses (\\S+) and") < 0.06 && number("losses \\S+ and (\\S+),") < 0.06, tour.out());
    assertTrue(number("accuracy (\\S+)%") >= 95, tour.out());
    assertTrue(number("largest \\|u\\(x\\) − sin\\(x\\)\\| (\\S+) ") <= 1e-2, tour.out());
    assertTrue(tour.out().contains("open " + dir.resolve("index.html").toUri()), tour.out());
  }

  @Test
  void everythingGoesToOutAndThePicturesDecode() throws IOException {
    List<String> written;
    try (Stream<Path> files = Files.list(dir)) {
      written = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    List<String> expected = new ArrayList<>(PICTURES);
    expected.addAll(List.of("index.html", "seeds.txt"));
    assertEquals(new TreeSet<>(expected), new TreeSet<>(written));
    Pictures.assertCharts(dir, PICTURES.stream().map(dir::resolve).toList(), PICTURES.toArray(new String[0]));
    String seeds = Files.readString(dir.resolve("seeds.txt"), StandardCharsets.UTF_8);
    assertTrue(seeds.contains("== seed 004") && seeds.contains("f'' =   -8.136053"), seeds);
  }

  @Test
  void thePageLoadsInChromiumWithEveryPictureAndEveryMethod() {
    List<String> methods = ReviewSources.load().stream().map(ReviewSources.AnnotatedMethod::id).toList();
    try (Browser browser = new Browser(profile)) {
      browser.open(dir.resolve("index.html"));
      assertEquals(List.of(), browser.consoleErrors(), "console errors");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> images = (List<Map<String, Object>>) browser.script(
          "return Array.from(document.images).map(i => ({src: i.getAttribute('src'), width: i.naturalWidth}));");
      assertEquals(new TreeSet<>(PICTURES), new TreeSet<>(images.stream().map(i -> (String) i.get("src")).toList()));
      for (Map<String, Object> image : images) {
        assertEquals(720L, image.get("width"), image.get("src") + " did not load");
      }
      @SuppressWarnings("unchecked")
      List<Object> shown = (List<Object>) browser.script("return Array.from(document.querySelectorAll('article.method'))"
          + ".filter(a => a.querySelectorAll('table.aligned tr').length > 2 && a.offsetHeight > 0)"
          + ".map(a => a.dataset.method);");
      assertEquals(methods, shown);
      assertTrue(methods.size() >= 30, methods.toString());
      String text = (String) browser.script("return document.body.innerText;");
      assertTrue(text.contains("rosenbrockVjp") && text.contains("double _d_a = 2 * (seed * a);"), "adjoint text");
    }
  }

  @Test
  void theBrowserCheckCatchesAMissingPictureAndAConsoleError() throws IOException {
    Path broken = Files.writeString(profile.resolveSibling(profile.getFileName() + "-broken.html"),
        "<!DOCTYPE html><html><head><link rel=\"icon\" href=\"data:,\"></head><body>"
            + "<img src=\"missing.png\"><script>console.error('deliberate');</script></body></html>");
    try (Browser browser = new Browser(profile)) {
      browser.open(broken);
      List<String> errors = browser.consoleErrors();
      assertTrue(errors.stream().anyMatch(e -> e.contains("missing.png")), errors.toString());
      assertTrue(errors.stream().anyMatch(e -> e.contains("deliberate")), errors.toString());
      assertEquals(0L, browser.script("return document.images[0].naturalWidth;"));
    } finally {
      Files.deleteIfExists(broken);
    }
  }
}
