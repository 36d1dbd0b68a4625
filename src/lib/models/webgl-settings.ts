// WebGL settings for training: shapes as uniforms. tfjs's WebGL backend otherwise compiles a shader for
// every distinct input shape, and packed sequences give every step of every batch its own row count.
import * as tf from '@tensorflow/tfjs';

export function configureWebGl(): void {
  tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', true);
}
