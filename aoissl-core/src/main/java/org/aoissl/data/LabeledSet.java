package org.aoissl.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.aoissl.io.BadInputException;

/**
 * Labeled images read in a fixed order (by id), optionally one device's first N: a memory bank's support
 * set, a fine-tuning set, a labeled test set. Every image must have a label; {@code skipped} lists the
 * inputs left out when loading was not strict.
 */
public record LabeledSet(ClassSet classes, List<Example> examples, List<SkippedInput> skipped) {
  private static final String NO_LABEL = "has no label; labeled images are needed here";

  public LabeledSet {
    examples = List.copyOf(examples);
    skipped = List.copyOf(skipped);
  }

  /** Loads strictly: any listing problem, an unlabeled image included, is thrown. */
  public static LabeledSet load(Path dir, DatasetOptions options, String device, int maxImages) throws IOException {
    return load(dir, options, device, maxImages, true);
  }

  /**
   * Loads the labeled images under {@code dir}. With {@code strict} the first listing problem is thrown;
   * without, the inputs a listing problem left out and the images without a label are skipped and listed
   * in {@link #skipped()}, so the caller can say so.
   */
  public static LabeledSet load(Path dir, DatasetOptions options, String device, int maxImages, boolean strict)
      throws IOException {
    ClassSet classes = null;
    List<Sample> samples = new ArrayList<>();
    List<SkippedInput> skipped = new ArrayList<>();
    List<Dataset> datasets = DatasetLayouts.openAll(dir.toAbsolutePath().normalize(), options);
    for (Dataset d : datasets) {
      if (strict) {
        d.requireNoProblems();
      }
      skipped.addAll(d.skipped());
      if (classes != null && !classes.equals(d.classes())) {
        throw new BadInputException(d.root(), "has classes " + d.classes() + "; other folders have " + classes);
      }
      classes = d.classes();
      for (Sample s : d.samples()) {
        if (device != null && !device.equals(s.device())) {
          continue;
        }
        if (!strict && !d.isLabeled(s)) {
          skipped.add(new SkippedInput(s.imageFiles().get(0), "missing label", NO_LABEL));
          continue;
        }
        samples.add(s);
      }
    }
    if (samples.isEmpty() && !skipped.isEmpty()) {
      throw skipped.get(0).problem();
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
        throw new BadInputException(s.imageFiles().get(0), NO_LABEL);
      }
      examples.add(e);
    }
    return new LabeledSet(classes, examples, skipped);
  }
}
