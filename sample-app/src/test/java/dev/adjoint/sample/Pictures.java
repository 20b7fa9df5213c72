package dev.adjoint.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Checks that pictures exist and decode as PNG images of the charts' size, with more than one colour. */
final class Pictures {
  private Pictures() {}

  static void assertCharts(Path dir, List<Path> pictures, String... names) throws IOException {
    assertEquals(List.of(names), pictures.stream().map(p -> p.getFileName().toString()).toList());
    for (Path p : pictures) {
      assertEquals(dir, p.getParent(), "written into --out");
      assertTrue(Files.size(p) > 1000, p + " has " + Files.size(p) + " bytes");
      BufferedImage image = ImageIO.read(p.toFile());
      assertNotNull(image, p + " does not decode as an image");
      assertEquals(720, image.getWidth(), p.toString());
      assertEquals(450, image.getHeight(), p.toString());
      int corner = image.getRGB(0, 0);
      boolean drawn = false;
      for (int x = 0; x < image.getWidth() && !drawn; x += 7) {
        for (int y = 0; y < image.getHeight() && !drawn; y += 7) {
          drawn = image.getRGB(x, y) != corner;
        }
      }
      assertTrue(drawn, p + " is blank");
    }
  }
}
