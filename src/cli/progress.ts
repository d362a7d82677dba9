/** Progress for long work: a bar on a terminal, plain lines (about every 5% or 5 s) otherwise. */
import cliProgress from 'cli-progress';

export interface ProgressReporter {
  update(done: number, total: number): void;
  stop(): void;
}

export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% {value}/{total} events | {eta_formatted} left`,
        stream,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) bar.start(total, done);
        started = true;
        bar.setTotal(total);
        bar.update(done);
      },
      stop: () => bar.stop(),
    };
  }
  let lastLine = 0;
  let lastPercent = -5;
  return {
    update(done, total) {
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (percent - lastPercent >= 5 || Date.now() - lastLine >= 5000 || done === total) {
        stream.write(`${label}: ${done}/${total} events (${percent}%)\n`);
        lastLine = Date.now();
        lastPercent = percent;
      }
    },
    stop: () => undefined,
  };
}

/**
 * Progress of work whose total may not be known (an export streaming pages): a bar when the total is known on a
 * terminal, a running count otherwise; plain lines about every 5 s when stderr is not a terminal.
 */
export function progressCounter(
  label: string,
  unit: string,
  total?: number,
  stream: NodeJS.WriteStream = process.stderr,
) {
  let done = 0;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: total
          ? `${label} [{bar}] {percentage}% {value}/{total} ${unit}`
          : `${label}: {value} ${unit} | {duration_formatted}`,
        stream,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total ?? 0, 0);
    return {
      add(n: number) {
        done += n;
        bar.update(done);
      },
      stop: () => bar.stop(),
    };
  }
  let lastLine = Date.now();
  return {
    add(n: number) {
      done += n;
      if (Date.now() - lastLine >= 5000) {
        stream.write(`${label}: ${done}${total ? `/${total}` : ''} ${unit}\n`);
        lastLine = Date.now();
      }
    },
    stop: () => void stream.write(`${label}: ${done} ${unit}, done\n`),
  };
}
