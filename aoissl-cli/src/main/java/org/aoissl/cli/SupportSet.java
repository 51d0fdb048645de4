package org.aoissl.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Dataset;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.data.DatasetOptions;
import org.aoissl.data.Example;
import org.aoissl.data.Sample;
import org.aoissl.io.BadInputException;

/** Labeled images read for a memory bank, in a fixed order (by id), optionally one device's first N. */
record SupportSet(ClassSet classes, List<Example> examples) {
  static SupportSet load(Path dir, DatasetOptions options, String device, int maxImages) throws IOException {
    ClassSet classes = null;
    List<Sample> samples = new ArrayList<>();
    List<Dataset> datasets = DatasetLayouts.openAll(DatasetArgs.abs(dir), options);
    for (Dataset d : datasets) {
      d.requireNoProblems();
      if (classes != null && !classes.equals(d.classes())) {
        throw new BadInputException(d.root(), "has classes " + d.classes() + "; other folders have " + classes);
      }
      classes = d.classes();
      for (Sample s : d.samples()) {
        if (device == null || device.equals(s.device())) {
          samples.add(s);
        }
      }
    }
    samples.sort(Comparator.comparing(Sample::id));
    if (samples.isEmpty()) {
      throw new BadInputException(DatasetArgs.abs(dir), device == null ? "holds no images"
          : "holds no images of device '" + device + "'");
    }
    if (maxImages > 0 && samples.size() > maxImages) {
      samples = samples.subList(0, maxImages);
    }
    List<Example> examples = new ArrayList<>();
    for (Sample s : samples) {
      Dataset owner = datasets.stream().filter(d -> d.samples().contains(s)).findFirst().orElseThrow();
      Example e = owner.read(s);
      if (!e.labeled()) {
        throw new BadInputException(s.imageFiles().get(0), "has no label; support images must be labeled");
      }
      examples.add(e);
    }
    return new SupportSet(classes, examples);
  }
}
