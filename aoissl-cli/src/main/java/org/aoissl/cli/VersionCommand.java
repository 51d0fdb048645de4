package org.aoissl.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Prints versions and checks that the tensor engine loads offline. */
@Command(name = "version", description = "Print versions and check that the PyTorch engine loads (offline).")
public final class VersionCommand implements Callable<Integer>, CommandLine.IVersionProvider {
  /** What the engine check found. */
  public record Result(String aoissl, String java, String engine, String engineVersion, float check) {}

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public String[] getVersion() {
    return new String[] {"aoissl " + aoisslVersion()};
  }

  @Override
  public Integer call() {
    Result r = run();
    var out = spec.commandLine().getOut();
    out.printf("aoissl  %s%njava    %s%nengine  %s %s (2x2 matmul check: %.1f)%n",
        r.aoissl(), r.java(), r.engine(), r.engineVersion(), r.check());
    out.flush();
    return 0;
  }

  /** Loads the engine and runs one tiny matmul: [[1,2],[3,4]]·[[1],[1]] sums to 10. */
  public static Result run() {
    Engine engine = Engine.getInstance();
    float sum;
    try (NDManager m = engine.newBaseManager()) {
      NDArray a = m.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
      sum = a.matMul(m.ones(new ai.djl.ndarray.types.Shape(2, 1))).sum().getFloat();
    }
    return new Result(aoisslVersion(), System.getProperty("java.version"), engine.getEngineName(),
        engine.getVersion(), sum);
  }

  static String aoisslVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
