package org.aoissl.experiment;

import java.util.ArrayList;
import java.util.List;
import org.aoissl.report.Cell;
import org.aoissl.report.Column;
import org.aoissl.report.Section;
import org.aoissl.report.Table;

/** The cross-device transfer table ({@link TransferExperiment}) as report sections. */
public final class TransferReport {
  private TransferReport() {}

  /**
   * @param support what the paths learned from, e.g. "5 labeled images of a"
   * @param devices a line on what the devices are
   */
  public static List<Section> sections(TransferExperiment.Result r, String support, String devices) {
    List<Column> cols = new ArrayList<>(List.of(Column.of("path"), Column.lowerBetter("training (s)", 0)));
    r.devices().forEach(d -> cols.add(Column.higherBetter(d, 3)));
    List<List<Cell>> rows = new ArrayList<>();
    for (TransferExperiment.Row row : r.rows()) {
      List<Object> v = new ArrayList<>(List.of(row.path(), row.seconds()));
      r.devices().forEach(d -> v.add(row.miou().get(d)));
      rows.add(Cell.row(v.toArray()));
    }
    List<Section> s = new ArrayList<>();
    s.add(new Table("Other devices from " + support, "mIoU on the test images of each device. " + devices
        + " Each trained path had the same seconds of training.", cols, rows));
    if (!r.adapted().isEmpty()) {
      List<List<Cell>> a = new ArrayList<>();
      for (TransferExperiment.Row row : r.adapted()) {
        a.add(Cell.row(row.path(), row.seconds(), row.miou().get(r.newDevice())));
      }
      s.add(new Table("Adding " + r.adds() + " labeled images of " + r.newDevice(), "Added to the bank in seconds, "
          + "the refiner reused; the U-Net retrained on all the images for the same seconds as above.",
          List.of(Column.of("path"), Column.lowerBetter("adaptation (s)", 1), Column.higherBetter(r.newDevice()
              + " mIoU", 3)), a));
    }
    return s;
  }
}
