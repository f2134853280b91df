/** Regression metrics over paired predictions and targets (flattened). */

export interface RegressionMetrics {
  mse: number;
  rmse: number;
  mae: number;
  /** 1 − SS_res / SS_tot (sklearn's r2_score; NaN when the targets are constant). */
  r2: number;
}

export function regressionMetrics(pred: ArrayLike<number>, target: ArrayLike<number>): RegressionMetrics {
  const n = pred.length;
  if (n !== target.length) throw new RangeError(`regressionMetrics: ${n} predictions but ${target.length} targets`);
  if (n === 0) return { mse: NaN, rmse: NaN, mae: NaN, r2: NaN };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += target[i];
  mean /= n;
  let se = 0, ae = 0, tot = 0;
  for (let i = 0; i < n; i++) {
    const d = pred[i] - target[i];
    se += d * d;
    ae += Math.abs(d);
    const t = target[i] - mean;
    tot += t * t;
  }
  const mse = se / n;
  return { mse, rmse: Math.sqrt(mse), mae: ae / n, r2: tot > 0 ? 1 - se / tot : NaN };
}
