package org.aoissl.report;

/** The report's style sheet: system fonts only, readable widths, print-friendly. */
final class ReportCss {
  static final String CSS = """
      :root { --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --soft: #f4f6f9;
        --accent: #0072b2; }
      * { box-sizing: border-box; }
      body { margin: 0 auto; max-width: 1400px; padding: 24px 28px 60px; color: var(--ink);
        background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto,
        "Helvetica Neue", Arial, sans-serif; }
      header { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 18px; }
      h1 { font-size: 28px; margin: 0 0 4px; letter-spacing: -0.01em; }
      .subtitle { color: var(--muted); font-size: 17px; margin: 0 0 12px; }
      dl { display: grid; grid-template-columns: max-content 1fr; gap: 3px 18px; margin: 0; }
      dt { color: var(--muted); font-weight: 600; }
      dd { margin: 0; overflow-wrap: anywhere; }
      dl.provenance { font-size: 13.5px; }
      dl.provenance dd, dl.facts dd { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas,
        "DejaVu Sans Mono", monospace; font-size: 13px; }
      nav.toc { background: var(--soft); border-radius: 6px; padding: 10px 18px;
        margin-bottom: 22px; }
      nav.toc h2 { font-size: 14px; text-transform: uppercase; letter-spacing: 0.06em;
        color: var(--muted); margin: 2px 0 4px; }
      nav.toc ol { margin: 0; padding-left: 22px; columns: 2; column-gap: 40px; }
      nav.toc a { color: var(--accent); text-decoration: none; }
      nav.toc a:hover { text-decoration: underline; }
      section { margin: 0 0 34px; }
      h2 { font-size: 20px; margin: 0 0 6px; padding-bottom: 4px;
        border-bottom: 1px solid var(--line); }
      h2 .num { color: var(--accent); margin-right: 10px; }
      .caption { color: var(--muted); margin: 4px 0 10px; max-width: 95ch; }
      p.notes { max-width: 95ch; white-space: pre-line; margin: 8px 0; }
      .tablewrap { overflow-x: auto; }
      table { border-collapse: collapse; font-size: 14px; margin: 4px 0; }
      th, td { padding: 5px 12px; border-bottom: 1px solid var(--line); text-align: left; }
      thead th { border-bottom: 2px solid var(--ink); vertical-align: bottom; }
      tbody tr:nth-child(even) { background: #fafbfc; }
      .n { text-align: right; font-variant-numeric: tabular-nums; }
      td.best { font-weight: 700; background: #dcecf7; }
      td.missing { color: #a0a6b0; }
      .legend { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 6px 0; font-size: 14px; }
      .legend .key { display: inline-flex; align-items: center; gap: 6px; }
      .legend i { display: inline-block; width: 14px; height: 14px; border-radius: 2px;
        border: 1px solid rgba(0,0,0,.25); }
      .legend i.stroke { height: 4px; width: 22px; border: 0; border-radius: 1px; }
      figure { margin: 0; }
      figure.chart { max-width: 960px; }
      svg.chart { width: 100%; height: auto; display: block; font-size: 13px; }
      svg .grid { stroke: #e6e9ef; stroke-width: 1; }
      svg .sep { stroke: #eef0f4; stroke-width: 1; }
      svg .axis { stroke: #444; stroke-width: 1.2; }
      svg .frame { fill: none; stroke: #9aa1ad; stroke-width: 1; }
      svg .tick { fill: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; }
      svg .glabel { fill: var(--ink); font-size: 14px; font-weight: 600; }
      svg .alabel { fill: var(--muted); font-size: 13px; }
      svg .val { fill: var(--ink); font-size: 11px; font-variant-numeric: tabular-nums; }
      svg .na { fill: #a0a6b0; font-size: 11px; }
      svg .line { fill: none; stroke-width: 1.6; stroke-linejoin: round; stroke-linecap: round; }
      .imgrow { margin: 10px 0 16px; }
      .rowlabel { font-weight: 600; font-size: 14px; margin-bottom: 4px; }
      .imgs { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-start; }
      .imgs figure { flex: 1 1 0; min-width: 180px; }
      .imgs img { display: block; width: 100%; height: auto; image-rendering: pixelated;
        background: #000; border: 1px solid var(--line); }
      figcaption { font-size: 12.5px; color: var(--muted); margin-top: 3px; line-height: 1.3; }
      @media print { body { max-width: none; padding: 0; } section { break-inside: avoid; } }
      """;

  private ReportCss() {}
}
