// Layers models to and from tfjs artifacts held in memory (tf.io.withSaveHandler / tf.io.fromMemory),
// so that they can be stored wherever the caller keeps data: IndexedDB records, files.
import * as tf from '@tensorflow/tfjs';

export type ModelArtifacts = tf.io.ModelArtifacts;

export async function toArtifacts(model: tf.LayersModel): Promise<ModelArtifacts> {
  let captured: ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return captured!;
}

export const fromArtifacts = (artifacts: ModelArtifacts) => tf.loadLayersModel(tf.io.fromMemory(artifacts));
