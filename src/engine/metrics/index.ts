/** Every metric of the training engine, one import. */
export * from './binary';
export * from './calibration';
export * from './classification';
export * from './multilabel';
export * from './regression';
