package org.aoissl.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.aoissl.io.BadInputException;

/**
 * Labeled images read in a fixed order (by id), optionally one device's first N: a memory bank's support
 * set, a fine-tuning set, a labeled test set. Every image must have a label.
 */
public record LabeledSet(ClassSet classes, List<Example> examples) {
  public static LabeledSet load(Path dir, DatasetOptions options, String device, int maxImages) throws IOException {
    ClassSet classes = null;
    List<Sample> samples = new ArrayList<>();
    List<Dataset> datasets = DatasetLayouts.openAll(dir.toAbsolutePath().normalize(), options);
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
      throw new BadInputException(dir.toAbsolutePath().normalize(), device == null ? "holds no images"
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
        throw new BadInputException(s.imageFiles().get(0), "has no label; labeled images are needed here");
      }
      examples.add(e);
    }
    return new LabeledSet(classes, examples);
  }
}
