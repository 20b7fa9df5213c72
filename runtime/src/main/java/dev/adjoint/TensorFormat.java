package dev.adjoint;

import java.util.Locale;

/** Formats tensor values the way PyTorch prints them (4 decimals, integer or scientific modes). */
final class TensorFormat {
  private static final int EDGE_ITEMS = 3;
  private static final int THRESHOLD = 1000;
  private static final int LINE_WIDTH = 80;

  private TensorFormat() {}

  private enum Mode { INT, FIXED, SCI }

  static void format(Tensor t, StringBuilder sb) {
    double[] v = t.valuesForPrinting();
    int[] shape = t.shape();
    boolean summarize = v.length > THRESHOLD;
    Mode mode = chooseMode(v);
    int width = 1;
    for (double x : v) {
      // As PyTorch: only non-zero finite values set the column width.
      if (x != 0 && Double.isFinite(x)) {
        width = Math.max(width, text(x, mode).length());
      }
    }
    if (shape.length == 0) {
      sb.append(text(v[0], mode));
      return;
    }
    int[] strides = new int[shape.length];
    int s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= shape[i];
    }
    block(sb, v, shape, strides, 0, 0, mode, width, summarize, "tensor(".length());
  }

  private static Mode chooseMode(double[] v) {
    boolean allInt = true;
    double max = 0;
    double min = Double.POSITIVE_INFINITY;
    boolean any = false;
    for (double x : v) {
      if (!Double.isFinite(x)) {
        continue;
      }
      if (x != Math.rint(x)) {
        allInt = false;
      }
      double a = Math.abs(x);
      if (a != 0) {
        any = true;
        max = Math.max(max, a);
        min = Math.min(min, a);
      }
    }
    if (allInt) {
      return any && max > 1e8 ? Mode.SCI : Mode.INT;
    }
    if (any && (max / min > 1000 || max > 1e8 || min < 1e-4)) {
      return Mode.SCI;
    }
    return Mode.FIXED;
  }

  private static String text(double x, Mode mode) {
    if (Double.isNaN(x)) {
      return "nan";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    return switch (mode) {
      case INT -> String.format(Locale.ROOT, "%.0f", x) + ".";
      case FIXED -> String.format(Locale.ROOT, "%.4f", x);
      case SCI -> String.format(Locale.ROOT, "%.4e", x);
    };
  }

  private static void block(StringBuilder sb, double[] v, int[] shape, int[] strides, int dim,
      int base, Mode mode, int width, boolean summarize, int indent) {
    int n = shape[dim];
    sb.append('[');
    boolean last = dim == shape.length - 1;
    int perLine = Math.max(1, (LINE_WIDTH - indent) / (width + 2));
    int printed = 0;
    for (int i = 0; i < n; i++) {
      if (summarize && n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
        if (last) {
          sb.append(" ...");
          sb.append(", ");
        } else {
          sb.append("...");
          sb.append(",\n");
          sb.append(" ".repeat(indent + 1));
        }
        i = n - EDGE_ITEMS - 1;
        continue;
      }
      if (last) {
        if (printed > 0 && printed % perLine == 0) {
          sb.setLength(sb.length() - 1);
          sb.append('\n').append(" ".repeat(indent + 1));
        }
        String s = text(v[base + i * strides[dim]], mode);
        sb.append(" ".repeat(Math.max(0, width - s.length()))).append(s);
        printed++;
        if (i < n - 1) {
          sb.append(", ");
        }
      } else {
        block(sb, v, shape, strides, dim + 1, base + i * strides[dim], mode, width, summarize,
            indent + 1);
        if (i < n - 1) {
          sb.append(',');
          sb.append("\n".repeat(shape.length - dim - 1));
          sb.append(" ".repeat(indent + 1));
        }
      }
    }
    sb.append(']');
  }
}
