extension Gradviz.MLP {
    /// What `gradviz help mlp` says below the options: the recipes, the views, examples.
    static let helpText = """
        The defaults reproduce micrograd's demo: 100 moons samples (noise 0.1), \
        MLP(2, [16, 16, 1]) with ReLU, SVM max-margin (hinge) loss + 1e-4 L2, learning rate \
        1.0 falling to 0.1 over 100 steps. With --data tiny the defaults follow micrograd's \
        lecture instead: MLP(3, [4, 4, 1]) with tanh, mean squared error, learning rate 0.05.
        With --data iris: MLP(4, [8, 3]) with tanh, softmax cross-entropy + 1e-4 L2, learning \
        rate 0.2 falling to 0.02 over 100 steps.
        Without --lr the learning rate depends on the loss: 1.0 for hinge, 0.05 for mse, \
        0.2 for cross-entropy. \
        A loss that becomes nan or inf, or grows a million-fold, stops training with one \
        line naming the step (exit status 1); only --losses, --loss-plot and a training page \
        (replayed up to that step) are then written.

        Views (--out FILE):
          sample   one sample's graph, every scalar, neurons in clusters
                   inside layer clusters (--sample N; default: largest loss)
          neurons  one node per neuron, one edge per weight (colour: sign,
                   width: size; hover for weight and gradient)
          loss     the whole loss over the batch, each sample folded into
                   one node, long sums drawn as one Σ
          training the run replayed step by step in one .html page (the
                   default for .html): neurons, loss and accuracy curves,
                   decision boundary, under one slider; every step while
                   the record fits in 4 MB, else every k-th and the last

        Examples:
          gradviz mlp --out training.html
          gradviz mlp --view neurons --out neurons.png
          gradviz mlp --loss-plot training.svg --boundary boundary.png
          gradviz mlp --focus L1.N3.w2 --out path.svg
          gradviz mlp --data iris --view neurons --out iris.svg
          gradviz mlp --data classes.csv --loss cross-entropy --batch-size 32
          gradviz mlp --data points.csv --layers 8,1 --view loss -o loss.html
        """
}
