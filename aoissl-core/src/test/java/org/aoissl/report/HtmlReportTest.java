package org.aoissl.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  private static final Pattern BAR =
      Pattern.compile("<rect class=\"bar\" data-value=\"([^\"]+)\"[^>]* height=\"([^\"]+)\"");

  @TempDir Path dir;

  @Test
  void writesOneSelfContainedFileWithEverySection() throws IOException {
    Report report = SampleReport.build(1, 64);
    Path file = dir.resolve("report.html");
    Files.writeString(file, "old contents");
    HtmlReport.write(report, file);

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.toList()).containsExactly(file); // replaced in place, no temp file left
    }
    String html = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    assertThat(html).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://")
        .doesNotContain("src=\"file").doesNotContain("href=\"file").doesNotContain("<script")
        .doesNotContain("<link").doesNotContain("@import").doesNotContain("url(");
    assertThat(html).contains("src=\"data:image/png;base64,");
    for (Section s : report.sections()) {
      assertThat(html).contains(">" + s.title() + "</h2>").contains(">" + s.title() + "</a></li>");
    }
    assertThat(report.sections()).extracting(s -> s.getClass().getSimpleName()).contains(
        "Table", "BarChart", "LineChart", "ImageGrid", "Notes", "Facts");
    assertThat(html).contains("<svg class=\"chart\"").contains("<polyline class=\"line\"");
    for (String v : List.of("0.612", "0.801", "0.554", "0.903", "0.925", "0.762", "58.8", "76.0")) {
      assertThat(html).contains(">" + v + "</td>");
    }
    assertThat(html).contains("<td class=\"n missing\">–</td>"); // NaN training time
    assertThat(html).contains("<dt>machine</dt><dd>2 cores, 7.6 GiB, no GPU</dd>");
  }

  @Test
  void textIsEscapedEverywhere() {
    String evil = "<script>alert('x')</script> & \"q\"";
    ReportImage img = ReportImage.of(
        new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB), evil);
    Report r = new Report(evil, evil, Fact.list(evil, evil), List.of(
        new Table(evil, evil, List.of(Column.of(evil)), List.of(Cell.row(evil))),
        BarChart.unit(evil, evil, evil, List.of(evil),
            List.of(new BarSeries(evil, new double[] {1}))),
        LineChart.of(evil, evil, evil, evil, List.of(new LineSeries(evil, new double[] {0, 1},
            new double[] {1, 2}))),
        ImageGrid.of(evil, evil, List.of(new ImageRow(evil, List.of(img))))
            .withLegend(List.of(new LegendEntry(evil, 0))),
        new Notes(evil, evil),
        Facts.of(evil, evil, evil)));
    String html = HtmlReport.render(r);
    assertThat(html).doesNotContain("<script").doesNotContain("'x'").doesNotContain("\"q\"");
    assertThat(html)
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
  }

  @Test
  void barHeightsAreProportionalToValues() {
    BarChart c = BarChart.unit("IoU", "", "IoU", List.of("wire", "ball", "wedge"), List.of(
        new BarSeries("a", new double[] {0.8, 0.4, 0.0}),
        new BarSeries("b", new double[] {0.2, Double.NaN, 1.0})));
    Map<Double, Double> h = barHeights(BarChartSvg.render(c));
    assertThat(h).hasSize(5);
    assertThat(h.get(0.8) / h.get(0.4)).isCloseTo(2.0, within(1e-3));
    assertThat(h.get(0.8) / h.get(0.2)).isCloseTo(4.0, within(1e-3));
    assertThat(h.get(1.0) / h.get(0.8)).isCloseTo(1.25, within(1e-3));
    assertThat(h.get(0.0)).isZero();
    assertThat(BarChartSvg.render(c)).contains(">n/a<");

    // A fitted axis still starts bars at zero: 12 is four times as tall as 3.
    BarChart fitted = BarChart.of("loss", "", "", List.of("x"),
        List.of(new BarSeries("a", new double[] {3}), new BarSeries("b", new double[] {12})));
    Map<Double, Double> any = barHeights(BarChartSvg.render(fitted));
    assertThat(any.get(12.0) / any.get(3.0)).isCloseTo(4.0, within(1e-3));
  }

  @Test
  void bestCellIsHighlightedPerColumnAsShown() {
    Table t = new Table("t", "", List.of(Column.of("m"), Column.higherBetter("iou", 2),
        Column.lowerBetter("loss", 1), Column.number("n", 0)), List.of(
        Cell.row("a", 0.8049, 2.25, 1234567L),
        Cell.row("b", 0.8012, 1.21, 12L),
        Cell.row("c", 0.5, 1.19, null)));
    String html = HtmlReport.render(new Report("r", "", List.of(), List.of(t)));
    // 0.8049 and 0.8012 both show as 0.80: a tie, both highlighted; loss 1.21 and 1.19 show as 1.2.
    assertThat(count(html, "<td class=\"n best\">0.80</td>")).isEqualTo(2);
    assertThat(html).contains("<td class=\"n\">0.50</td>");
    assertThat(count(html, "<td class=\"n best\">1.2</td>")).isEqualTo(2);
    assertThat(html).contains("<td class=\"n\">2.3</td>"); // 2.25 rounds half up
    assertThat(html).contains("<td class=\"n\">1,234,567</td>").contains("<td class=\"n\">12</td>");
    assertThat(html).doesNotContain("best\">1,234,567"); // no highlight asked
  }

  @Test
  void logLineChartDropsNonPositivePointsAndDecimatesLongSeries() {
    double[] y = new double[20_000];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % 5 == 0 ? 0 : 1.0 / (1 + i);
    }
    String svg = LineChartSvg.render(
        LineChart.of("loss", "", "step", "loss", List.of(LineSeries.ofSteps("a", y))).withLogY());
    Matcher m = Pattern.compile("data-points=\"(\\d+)\"").matcher(svg);
    assertThat(m.find()).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isBetween(100, LineChartSvg.MAX_POINTS);
    assertThat(svg).contains("loss (log scale)").doesNotContain("NaN").doesNotContain("Infinity");
  }

  private static Map<Double, Double> barHeights(String svg) {
    Map<Double, Double> out = new HashMap<>();
    Matcher m = BAR.matcher(svg);
    while (m.find()) {
      out.put(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
    }
    return out;
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
