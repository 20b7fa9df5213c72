package dev.adjoint.sample.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** XChart line and scatter charts in one style, saved as PNG files. */
public final class Charts {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 450;

  private Charts() {}

  /** An empty chart with a title and axis titles, the legend inside at the top left. */
  public static XYChart chart(String title, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
    chart.getStyler().setXAxisDecimalPattern("0.#").setYAxisDecimalPattern("0.##");
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS)
        .setLegendLayout(Styler.LegendLayout.Horizontal)
        .setChartBackgroundColor(Color.WHITE)
        .setAntiAlias(true);
    return chart;
  }

  /** Adds a line without markers. */
  public static XYSeries line(XYChart chart, String name, double[] x, double[] y) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineStyle(new BasicStroke(2f));
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    return s;
  }

  /** Adds points without a line, each a filled circle (or square) of {@code size} pixels. */
  public static XYSeries points(XYChart chart, String name, double[] x, double[] y, Color color, int size,
      boolean square) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    s.setMarker(new SizedMarker(size, square));
    s.setMarkerColor(color);
    return s;
  }

  /** XChart sizes every series' markers alike; this marker keeps a size of its own. */
  private static final class SizedMarker extends Marker {
    private final double size;
    private final boolean square;

    SizedMarker(double size, boolean square) {
      this.size = size;
      this.square = square;
    }

    @Override
    public void paint(Graphics2D g, double x, double y, int ignoredStylerSize) {
      double h = size / 2;
      g.fill(square ? new Rectangle2D.Double(x - h, y - h, size, size) : new Ellipse2D.Double(x - h, y - h, size, size));
    }
  }

  /** Training curves: loss per epoch on a logarithmic axis, one line per name. */
  public static XYChart lossCurves(String title, List<String> names, List<double[]> losses) {
    XYChart chart = chart(title, "epoch", "loss (log scale)");
    chart.getStyler().setYAxisLogarithmic(true).setYAxisDecimalPattern("0.#E0");
    chart.getStyler().setLegendVisible(names.size() > 1);
    for (int s = 0; s < names.size(); s++) {
      double[] curve = losses.get(s);
      double[] epochs = new double[curve.length];
      double[] positive = new double[curve.length];
      for (int i = 0; i < curve.length; i++) {
        epochs[i] = i;
        // a logarithmic axis cannot show 0
        positive[i] = Math.max(curve[i], Double.MIN_NORMAL);
      }
      line(chart, names.get(s), epochs, positive);
    }
    return chart;
  }

  /** Writes the chart to {@code file} as a PNG. */
  public static Path save(XYChart chart, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
    return file;
  }
}
