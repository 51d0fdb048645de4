/**
 * A self-contained, offline HTML report: a {@link org.aoissl.report.Report} (title, provenance and an
 * ordered list of {@link org.aoissl.report.Section}s: tables, bar and line charts, image grids, notes
 * and facts) written by {@link org.aoissl.report.HtmlReport} as one file with inline CSS, inline SVG
 * charts and PNGs as data URIs: no JavaScript, no fonts, scripts or links to fetch.
 * {@link org.aoissl.report.ReportImages} turns images and masks into the PNGs such a report shows.
 */
package org.aoissl.report;
