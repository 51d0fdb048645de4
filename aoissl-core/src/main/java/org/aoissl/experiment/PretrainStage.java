package org.aoissl.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aoissl.data.Sample;
import org.aoissl.pretrain.PretrainCheckpoint;
import org.aoissl.pretrain.PretrainConfig;
import org.aoissl.pretrain.PretrainLoop;
import org.aoissl.train.StepLog;
import org.aoissl.train.TrainListener;
import org.aoissl.train.TrainLog;

/**
 * One pre-training run of an experiment, restartable: a finished run (marked by {@code CKPT.done}) is
 * reused, an interrupted one resumed; "scratch" is a step-0 checkpoint of freshly initialised weights.
 */
final class PretrainStage {
  /** The checkpoint and what its log says: steps, median images/s, mean loss of the last 10 steps, curve. */
  record Outcome(Path checkpoint, long steps, double imagesPerSec, double loss, List<double[]> curve) {}

  private PretrainStage() {}

  static Outcome run(String method, ExperimentConfig cfg, List<Sample> images, Path work, TrainListener l,
      Map<String, String> provenance) throws IOException {
    Path ckpt = work.resolve("pretrain-" + method + ".ckpt");
    Path done = work.resolve("pretrain-" + method + ".ckpt.done");
    if (method.equals("scratch")) {
      if (!Files.exists(ckpt)) {
        PretrainLoop.initialCheckpoint(PretrainConfig.mae(cfg.model(), cfg.imageSize(), cfg.batch(), 0, 1, 0,
            cfg.seed()), images, ckpt, provenance);
      }
      return new Outcome(ckpt, 0, Double.NaN, Double.NaN, List.of());
    }
    if (!Files.exists(done)) {
      PretrainConfig pc = PretrainConfig.defaults(method, cfg.model(), cfg.imageSize(), cfg.batch(),
          cfg.pretrainMinutes(), cfg.seed());
      PretrainLoop.run(pc, images, ckpt, Files.exists(ckpt), provenance, l);
      Files.writeString(done, "finished\n");
    }
    List<StepLog> log = TrainLog.read(ckpt.resolveSibling(ckpt.getFileName() + ".log.jsonl"));
    long steps = PretrainCheckpoint.load(ckpt).state().step();
    return new Outcome(ckpt, steps, medianRate(log), meanLastLoss(log, 10), curve(log));
  }

  static double medianRate(List<StepLog> log) {
    double[] r = log.stream().skip(Math.min(5, log.size() / 2)).mapToDouble(StepLog::imagesPerSec).sorted().toArray();
    return r.length == 0 ? Double.NaN : r[r.length / 2];
  }

  static double meanLastLoss(List<StepLog> log, int n) {
    return log.subList(Math.max(0, log.size() - n), log.size()).stream().mapToDouble(StepLog::loss).average()
        .orElse(Double.NaN);
  }

  /** (step, loss) pairs. */
  static List<double[]> curve(List<StepLog> log) {
    List<double[]> c = new ArrayList<>();
    for (StepLog s : log) {
      c.add(new double[] {s.step(), s.loss()});
    }
    return c;
  }
}
