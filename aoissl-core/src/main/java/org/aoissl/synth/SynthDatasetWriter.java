package org.aoissl.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aoissl.data.ClassSet;
import org.aoissl.data.DatasetManifest;
import org.aoissl.data.ImageCodec;
import org.aoissl.data.MaskCodec;
import org.aoissl.data.Seeds;
import org.aoissl.data.LabelEncoding;
import org.aoissl.io.StagedDirectory;

/**
 * Writes a synthetic dataset in the authors' layout: {@code pretrain/} (unlabeled buffer pairs) and
 * {@code train/ val/ test/} (buffer pairs + labels), optionally {@code test-shift/}, each with a
 * {@code dataset.json}. Stems are {@code <device>_<index>} so the device id is the stem's prefix.
 *
 * <p>Written through {@link StagedDirectory}: an interrupted run never leaves a half-written dataset
 * under the requested name.
 */
public final class SynthDatasetWriter {
  /** What was written: images per split folder. */
  public record Summary(Path root, Map<String, Integer> imagesPerSplit, List<String> devices, double seconds) {}

  /** One image to render. */
  record Job(String split, DeviceSpec device, int index, long imageSeed, Shift shift, boolean labeled) {}

  private SynthDatasetWriter() {}

  /** Writes the dataset; {@code progress} is called once per image written (from worker threads). */
  public static Summary write(Path out, SynthConfig cfg, Runnable progress) throws IOException {
    long start = System.nanoTime();
    List<DeviceSpec> devices = new ArrayList<>();
    for (int d = 0; d < cfg.devices(); d++) {
      devices.add(DeviceSpec.sample(String.format("d%02d", d), Seeds.mix(cfg.seed(), 1, d), cfg.size()));
    }
    List<Job> jobs = plan(cfg, devices);
    Map<String, Integer> perSplit = new LinkedHashMap<>();
    jobs.forEach(j -> perSplit.merge(j.split(), 1, Integer::sum));
    Map<String, String> prov = new LinkedHashMap<>();
    prov.put("generator", "org.aoissl.synth v1");
    prov.put("seed", Long.toString(cfg.seed()));
    prov.put("devices", Integer.toString(cfg.devices()));
    prov.put("size", Integer.toString(cfg.size()));
    prov.put("bits", Integer.toString(cfg.bits()));
    Path root = StagedDirectory.write(out, staging -> {
      writeManifests(staging, perSplit.keySet(), cfg.labels(), prov);
      render(staging, jobs, cfg.bits(), 2, cfg.labels(), cfg.threads(), progress);
      return out.toAbsolutePath().normalize();
    });
    List<String> ids = devices.stream().map(DeviceSpec::id).toList();
    return new Summary(root, perSplit, ids, (System.nanoTime() - start) / 1e9);
  }

  /** Every image of the dataset in a fixed order; seeds depend only on (seed, device, index). */
  static List<Job> plan(SynthConfig cfg, List<DeviceSpec> devices) {
    int[] counts = cfg.splitCounts();
    String[] splits = {"train", "val", "test"};
    List<Job> jobs = new ArrayList<>();
    for (int d = 0; d < devices.size(); d++) {
      int index = 0;
      for (int s = 0; s < 3; s++) {
        for (int i = 0; i < counts[s]; i++, index++) {
          jobs.add(new Job(splits[s], devices.get(d), index, Seeds.mix(cfg.seed(), 2 + d, index), Shift.NONE, true));
        }
      }
      if (cfg.shifted()) {
        // The same test scenes under a drawn shift, so robustness is measured on identical content.
        for (int i = 0; i < counts[2]; i++) {
          int idx = counts[0] + counts[1] + i;
          SplittableRandom r = new SplittableRandom(Seeds.mix(cfg.seed(), 1000 + d, idx));
          Shift shift = new Shift(0.6 + 0.8 * r.nextDouble(), 0.55 + 0.4 * r.nextDouble(), 1.5 * r.nextDouble());
          jobs.add(new Job("test-shift", devices.get(d), idx, Seeds.mix(cfg.seed(), 2 + d, idx), shift, true));
        }
      }
      int unlabeled = cfg.unlabeled() / devices.size() + (d < cfg.unlabeled() % devices.size() ? 1 : 0);
      for (int i = 0; i < unlabeled; i++, index++) {
        jobs.add(new Job("pretrain", devices.get(d), index, Seeds.mix(cfg.seed(), 2 + d, index), Shift.NONE, false));
      }
    }
    return jobs;
  }

  /** A {@code dataset.json} with the given provenance in each split folder. */
  static void writeManifests(Path staging, Iterable<String> splits, LabelEncoding labels,
                             Map<String, String> provenance) throws IOException {
    for (String split : splits) {
      Files.createDirectories(staging.resolve(split));
      new DatasetManifest(labels == LabelEncoding.BITS ? "bitmask" : "aoi-ssl",
          labels, ClassSet.DEFAULT, provenance).write(staging.resolve(split));
    }
  }

  /**
   * Renders the jobs on {@code threads} threads into {@code <split>/image/<stem>_buffer<c>.png} and,
   * for labeled jobs, {@code <split>/lbl/<stem>.png}, with stems {@code <device>_<index>}.
   */
  static void render(Path staging, List<Job> jobs, int bits, int channels, LabelEncoding labels,
                     int threads, Runnable progress) throws IOException {
    SceneGenerator generator = new SceneGenerator();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "synth");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Job j : jobs) {
        futures.add(pool.submit(() -> {
          SynthSample s = generator.render(j.device(), j.imageSeed(), j.shift(), bits, channels);
          String stem = String.format("%s_%05d", j.device().id(), j.index());
          Path dir = staging.resolve(j.split());
          for (int c = 0; c < s.image().channels(); c++) {
            ImageCodec.writePng(dir.resolve("image/" + stem + "_buffer" + c + ".png"), s.image(), c);
          }
          if (j.labeled()) {
            MaskCodec.write(dir.resolve("lbl/" + stem + ".png"), s.mask(), labels);
          }
          progress.run();
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
