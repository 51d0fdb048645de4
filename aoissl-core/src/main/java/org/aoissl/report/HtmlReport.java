package org.aoissl.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.aoissl.io.FormatUtil;

/**
 * Writes a {@link Report} as one self-contained HTML file: inline CSS, charts as inline SVG, images as
 * base64 PNG data URIs, no JavaScript and nothing fetched from elsewhere, so it opens offline. All
 * text is escaped.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** Writes the report atomically (temp file in the same folder, then rename). */
  public static void write(Report report, Path file) throws IOException {
    byte[] html = render(report).getBytes(StandardCharsets.UTF_8);
    FormatUtil.writeAtomically(file, out -> out.write(html));
  }

  /** The whole HTML document. */
  public static String render(Report r) {
    StringBuilder b = new StringBuilder(1 << 16);
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(Html.esc(r.title())).append("</title>\n<style>\n")
        .append(ReportCss.CSS).append("</style>\n</head>\n<body>\n<header>\n<h1>")
        .append(Html.esc(r.title())).append("</h1>\n");
    if (!r.subtitle().isEmpty()) {
      b.append("<p class=\"subtitle\">").append(Html.esc(r.subtitle())).append("</p>\n");
    }
    if (!r.provenance().isEmpty()) {
      facts(b, r.provenance(), "provenance");
    }
    b.append("</header>\n");
    if (r.sections().size() > 1) {
      b.append("<nav class=\"toc\"><h2>Contents</h2><ol>\n");
      for (int i = 0; i < r.sections().size(); i++) {
        b.append("<li><a href=\"#").append(anchor(i)).append("\">")
            .append(Html.esc(r.sections().get(i).title())).append("</a></li>\n");
      }
      b.append("</ol></nav>\n");
    }
    b.append("<main>\n");
    for (int i = 0; i < r.sections().size(); i++) {
      Section s = r.sections().get(i);
      b.append("<section id=\"").append(anchor(i)).append("\">\n<h2><span class=\"num\">")
          .append(i + 1).append("</span>").append(Html.esc(s.title())).append("</h2>\n");
      section(b, s);
      b.append("</section>\n");
    }
    return b.append("</main>\n</body>\n</html>\n").toString();
  }

  private static String anchor(int i) {
    return "s" + (i + 1);
  }

  private static void section(StringBuilder b, Section s) {
    if (s instanceof Table t) {
      caption(b, t.caption());
      table(b, t);
    } else if (s instanceof BarChart c) {
      caption(b, c.caption());
      legend(b, c.series().stream().map(BarSeries::name).toList(), "swatch");
      b.append("<figure class=\"chart\">").append(BarChartSvg.render(c)).append("</figure>\n");
    } else if (s instanceof LineChart c) {
      caption(b, c.caption());
      legend(b, c.series().stream().map(LineSeries::name).toList(), "stroke");
      b.append("<figure class=\"chart\">").append(LineChartSvg.render(c)).append("</figure>\n");
    } else if (s instanceof ImageGrid g) {
      caption(b, g.caption());
      imageGrid(b, g);
    } else if (s instanceof Notes n) {
      for (String para : n.text().strip().split("\\n\\s*\\n")) {
        if (!para.isBlank()) {
          b.append("<p class=\"notes\">").append(Html.esc(para.strip())).append("</p>\n");
        }
      }
    } else if (s instanceof Facts f) {
      facts(b, f.facts(), "facts");
    }
  }

  private static void caption(StringBuilder b, String caption) {
    if (!caption.isEmpty()) {
      b.append("<p class=\"caption\">").append(Html.esc(caption)).append("</p>\n");
    }
  }

  private static void facts(StringBuilder b, List<Fact> facts, String cssClass) {
    b.append("<dl class=\"").append(cssClass).append("\">\n");
    for (Fact f : facts) {
      b.append("<dt>").append(Html.esc(f.key())).append("</dt><dd>").append(Html.esc(f.value()))
          .append("</dd>\n");
    }
    b.append("</dl>\n");
  }

  private static void legend(StringBuilder b, List<String> names, String kind) {
    b.append("<div class=\"legend\">");
    for (int i = 0; i < names.size(); i++) {
      b.append("<span class=\"key\"><i class=\"").append(kind).append("\" style=\"background:")
          .append(Html.hex(Html.seriesColour(i))).append("\"></i>").append(Html.esc(names.get(i)))
          .append("</span>");
    }
    b.append("</div>\n");
  }

  private static void table(StringBuilder b, Table t) {
    List<Column> cols = t.columns();
    double[] best = new double[cols.size()];
    for (int c = 0; c < cols.size(); c++) {
      best[c] = best(t, c);
    }
    b.append("<div class=\"tablewrap\"><table>\n<thead><tr>");
    for (int c = 0; c < cols.size(); c++) {
      b.append("<th").append(numeric(t, c) ? " class=\"n\"" : "").append(">")
          .append(Html.esc(cols.get(c).header())).append("</th>");
    }
    b.append("</tr></thead>\n<tbody>\n");
    for (List<Cell> row : t.rows()) {
      b.append("<tr>");
      for (int c = 0; c < cols.size(); c++) {
        Cell cell = row.get(c);
        if (!cell.isNumber()) {
          b.append("<td>").append(Html.esc(cell.text())).append("</td>");
          continue;
        }
        String shown = Html.num(cell.number(), cols.get(c).decimals());
        boolean isBest = Double.isFinite(best[c]) && Double.isFinite(cell.number())
            && rounded(cell.number(), cols.get(c).decimals()) == best[c];
        b.append("<td class=\"n").append(isBest ? " best" : "")
            .append(Double.isFinite(cell.number()) ? "" : " missing").append("\">").append(shown)
            .append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</tbody></table></div>\n");
  }

  /** The best value of column c as shown (rounded), NaN if none or not wanted. */
  private static double best(Table t, int c) {
    Column col = t.columns().get(c);
    double best = Double.NaN;
    if (col.best() == Best.NONE) {
      return best;
    }
    for (List<Cell> row : t.rows()) {
      Cell cell = row.get(c);
      if (cell.isNumber() && Double.isFinite(cell.number())) {
        double v = rounded(cell.number(), col.decimals());
        if (Double.isNaN(best) || (col.best() == Best.MAX ? v > best : v < best)) {
          best = v;
        }
      }
    }
    return best;
  }

  private static double rounded(double v, int decimals) {
    return new java.math.BigDecimal(v).setScale(decimals, java.math.RoundingMode.HALF_UP)
        .doubleValue();
  }

  private static boolean numeric(Table t, int c) {
    return !t.rows().isEmpty() && t.rows().stream().allMatch(r -> r.get(c).isNumber());
  }

  private static void imageGrid(StringBuilder b, ImageGrid g) {
    if (!g.legend().isEmpty()) {
      b.append("<div class=\"legend\">");
      for (LegendEntry e : g.legend()) {
        b.append("<span class=\"key\"><i class=\"swatch\" style=\"background:")
            .append(Html.hex(e.rgb())).append("\"></i>").append(Html.esc(e.label()))
            .append("</span>");
      }
      b.append("</div>\n");
    }
    Base64.Encoder base64 = Base64.getEncoder();
    for (ImageRow row : g.rows()) {
      b.append("<div class=\"imgrow\">\n");
      if (!row.label().isEmpty()) {
        b.append("<div class=\"rowlabel\">").append(Html.esc(row.label())).append("</div>\n");
      }
      b.append("<div class=\"imgs\">\n");
      for (ReportImage im : row.images()) {
        // Longer side at displayPx CSS pixels; the browser may shrink it to fit, never smooth it.
        double scale = (double) g.displayPx() / Math.max(im.width(), im.height());
        long w = Math.round(im.width() * scale);
        long h = Math.round(im.height() * scale);
        b.append("<figure style=\"max-width:").append(w).append("px\"><img width=\"").append(w)
            .append("\" height=\"").append(h).append("\" alt=\"").append(Html.esc(im.caption()))
            .append("\" src=\"data:image/png;base64,").append(base64.encodeToString(im.png()))
            .append("\"><figcaption>").append(Html.esc(im.caption()))
            .append("</figcaption></figure>\n");
      }
      b.append("</div>\n</div>\n");
    }
  }
}
