package org.aoissl.synth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aoissl.data.Seeds;
import org.aoissl.io.StagedDirectory;

/**
 * Writes the cross-device transfer benchmark ({@link TransferDevices}) in the same layout as
 * {@link SynthDatasetWriter}: {@code train/} (each device's labeled pool, from which 1-, 2- and
 * 5-shot support sets are drawn), {@code test/} (labeled, per device) and {@code pretrain/}
 * (unlabeled, every device), each with a {@code dataset.json} whose provenance names the devices.
 * Stems are {@code <device>_<index>}; indices run on per device across the three splits.
 *
 * <p>The dataset is a function of the configuration alone (threads only change the speed), and is
 * written through {@link StagedDirectory}, so no half-written dataset is ever left under its name.
 */
public final class TransferDatasetWriter {
  private TransferDatasetWriter() {}

  /** Writes the benchmark; {@code progress} is called once per image written (from worker threads). */
  public static SynthDatasetWriter.Summary write(Path out, TransferConfig cfg, Runnable progress)
      throws IOException {
    long start = System.nanoTime();
    List<DeviceSpec> devices = TransferDevices.devices(cfg);
    List<SynthDatasetWriter.Job> jobs = plan(cfg, devices);
    Map<String, Integer> perSplit = new LinkedHashMap<>();
    jobs.forEach(j -> perSplit.merge(j.split(), 1, Integer::sum));
    Map<String, String> prov = new LinkedHashMap<>();
    prov.put("generator", "org.aoissl.synth transfer v1");
    prov.put("seed", Long.toString(cfg.seed()));
    prov.put("width", Integer.toString(cfg.width()));
    prov.put("height", Integer.toString(cfg.height()));
    prov.put("scale", Double.toString(cfg.scale()));
    prov.put("zoom", Double.toString(cfg.zoom()));
    prov.put("look", cfg.look().cliName());
    prov.put("channels", Integer.toString(cfg.channels()));
    prov.put("bits", Integer.toString(cfg.bits()));
    prov.put("devices", String.join(",", TransferDevices.IDS));
    Path root = StagedDirectory.write(out, staging -> {
      SynthDatasetWriter.writeManifests(staging, perSplit.keySet(), cfg.labels(), prov);
      SynthDatasetWriter.render(staging, jobs, cfg.bits(), cfg.channels(), cfg.labels(),
          cfg.threads(), progress);
      return out.toAbsolutePath().normalize();
    });
    return new SynthDatasetWriter.Summary(root, perSplit, TransferDevices.IDS,
        (System.nanoTime() - start) / 1e9);
  }

  /** Every image in a fixed order; a seed depends only on (seed, device, index). */
  static List<SynthDatasetWriter.Job> plan(TransferConfig cfg, List<DeviceSpec> devices) {
    List<SynthDatasetWriter.Job> jobs = new ArrayList<>();
    String[] splits = {"train", "test", "pretrain"};
    int[] counts = {cfg.train(), cfg.test(), cfg.unlabeled()};
    for (int d = 0; d < devices.size(); d++) {
      int index = 0;
      for (int s = 0; s < splits.length; s++) {
        for (int i = 0; i < counts[s]; i++, index++) {
          jobs.add(new SynthDatasetWriter.Job(splits[s], devices.get(d), index,
              Seeds.mix(cfg.seed(), 2 + d, index), Shift.NONE, s < 2));
        }
      }
    }
    return jobs;
  }
}
