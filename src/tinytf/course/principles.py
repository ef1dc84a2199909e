"""What each lab studies, written out for the report: the model, the loss and its gradient as
formulas, what automatic differentiation computes, and what the experiment tests.

Math is Typst's syntax, inline between dollar signs or as a displayed Formula.
"""

from tinytf.course.document import Formula, Paragraph

AUTODIFF = (
    "Nobody writes these gradients in the program: `optimizer.minimize(loss)` asks tinytf "
    "for the gradient graph. Reverse-mode automatic differentiation walks the graph once "
    "from the loss back to every variable, applying each operation's own derivative rule "
    "(the chain rule, one op at a time), and gives the same numbers as the formulas above "
    "at about the cost of one more forward pass."
)

REGRESSION = [
    Paragraph(
        "The homework's data are $N = 1000$ points with $x ~ cal(N)(0, 4^2)$ and "
        "$d = x^2 + x + epsilon$, $epsilon ~ cal(N)(0, 0.3^2)$. Three models predict "
        "$hat(d)$: a line, a line on the features $[x, x^2]$, and a network with one hidden "
        "layer of rectified linear units:"
    ),
    Formula(
        "hat(d) = w x + b, quad hat(d) = w_1 x + w_2 x^2 + b, quad "
        'hat(d) = W_2 thin "relu"(W_1 x + b_1) + b_2 .'
    ),
    Paragraph("Each is trained on the mean squared error, whose gradient for the line is"),
    Formula(
        "L = 1/N sum_(n=1)^N (hat(d)_n - d_n)^2, quad "
        "(partial L)/(partial w) = 2/N sum_n (hat(d)_n - d_n) x_n, quad "
        "(partial L)/(partial b) = 2/N sum_n (hat(d)_n - d_n)."
    ),
    Paragraph(AUTODIFF),
    Paragraph(
        "What the experiment tests: no model can beat the noise, so the best possible MSE is "
        "the noise variance $0.3^2 = 0.09$. A line cannot bend, so its error stays near the "
        "variance of $x^2$. The same linear model given the feature $x^2$ is still linear in "
        "its weights, yet fits the parabola: its MSE should reach 0.09 and its weights "
        "approach $(1, 1, 0)$. The network has to learn such a feature itself."
    ),
]

BASIC = [
    Paragraph(
        "Each model maps a point $x in RR^2$ to one logit $z_k$ per class; softmax turns the "
        "logits into probabilities and the loss is the cross-entropy of the true class:"
    ),
    Formula(
        "p_k = e^(z_k) / (sum_j e^(z_j)), quad L = -1/N sum_(n=1)^N log p_(n, y_n), quad "
        "(partial L)/(partial z_(n k)) = 1/N (p_(n k) - [k = y_n])."
    ),
    Paragraph(
        "The linear model is $z = x W + b$; the MLP puts hidden layers in between, "
        '$a_l = "relu"(a_(l-1) W_l + b_l)$. Backpropagation carries the error '
        "$delta_l = partial L \\/ partial (a_(l-1) W_l + b_l)$ down the layers:"
    ),
    Formula(
        "(partial L)/(partial W_l) = a_(l-1)^T delta_l, quad "
        'delta_(l-1) = (delta_l W_l^T) dot.o "relu"\'(a_(l-2) W_(l-1) + b_(l-1)).'
    ),
    Paragraph(
        "`minimize(loss)` builds these backward products for every layer from the forward "
        "graph; nobody writes $delta_l$ by hand, however many layers there are."
    ),
    Paragraph(
        "What the experiment tests: a linear model's decision boundary is a straight line, "
        "so on the quadrants (class = sign of $x_1 x_2$) it cannot beat a coin toss, while "
        "one hidden layer bends the boundary around any of the four shapes. On the spirals, "
        "one wide layer (256 units) is set against four narrow ones (16 each). The last run "
        "codes the two classes as $plus.minus 1$ with a tanh output and MSE, the course's "
        "other way to train a classifier."
    ),
]

MNIST = [
    Paragraph(
        "Each $28 times 28$ image is a row $x in [0, 1]^784$. Softmax regression has one "
        "weight column per digit, $z = x W + b$ with $W in RR^(784 times 10)$, and the "
        "cross-entropy gradient is one matrix product:"
    ),
    Formula(
        "(partial L)/(partial W) = 1/N X^T (P - Y), quad "
        "(partial L)/(partial b) = 1/N sum_n (p_n - y_n)."
    ),
    Paragraph(
        "The course's variant puts a sigmoid on each output and uses the squared error "
        "against the one-hot label. Its gradient carries the sigmoid's slope, which is "
        "nearly zero for an output that is confidently wrong, so it learns more slowly:"
    ),
    Formula(
        "L = 1/N sum_n sum_k (sigma(z_(n k)) - y_(n k))^2, quad "
        "(partial L)/(partial z_(n k)) = 2/N (sigma(z_(n k)) - y_(n k)) "
        "sigma(z_(n k)) (1 - sigma(z_(n k)))."
    ),
    Paragraph(
        "The MLP (two hidden relu layers, Adam, the rate shrinking by 0.7 each epoch) starts "
        "from one of three random initialisations: all weights $cal(N)(0, 1)$; Xavier, "
        "standard deviation $sqrt(2 \\/ (n_"
        '"in" + n_"out"))$; He, $sqrt(2 \\/ n_"in")$, which keeps the variance of a relu '
        "layer's output equal to its input's."
    ),
    Paragraph(
        "`compute_gradients(loss)` returns $(partial L)/(partial v)$ for every variable $v$ "
        "(for softmax regression exactly the $X^T (P - Y) \\/ N$ above) and "
        "`apply_gradients` takes the step; the lab keeps the two apart so that TensorBoard "
        "can show the gradients."
    ),
    Paragraph(
        "What the experiment tests: softmax regression should pass 91.5% and the MLP 98% "
        "on the 10,000 test images; N(0, 1) weights, whose outputs blow up layer by layer, "
        "should start far worse than He's. The trained MLP is saved with `tf.train.Saver`, "
        "restored in a fresh session, and exported to a NumPy-only forward function: both "
        "must give exactly the session's outputs."
    ),
]

IRIS = [
    Paragraph(
        "A deep network's gradient for its first layer is a product of one factor per "
        "layer above it. With $h_l = a_(l-1) W_l$ and $a_l = sigma(h_l)$:"
    ),
    Formula(
        "delta_(l-1) = (delta_l W_l^T) dot.o sigma'(h_(l-1)), quad "
        "sigma'(h) = sigma(h)(1 - sigma(h)) <= 1/4, quad "
        "norm((partial L)/(partial W_1)) prop product_(l=2)^L norm(W_l) dot sigma'(h_l)."
    ),
    Paragraph(
        "With Xavier weights each sigmoid layer shrinks the error by about four, so eight "
        "layers leave the first one a gradient some $4^8 approx 65,000$ times smaller: it "
        "barely learns. A relu's slope is 1 wherever the unit is active, so the product "
        "stays near 1 (He initialisation keeps $norm(W_l)$ right). Batch normalisation "
        "standardises each unit over the batch before the sigmoid,"
    ),
    Formula(
        "hat(h) = gamma (h - mu_B) / sqrt(sigma_B^2 + epsilon) + beta,",
    ),
    Paragraph(
        "keeping $h$ in the sigmoid's steep middle, where $sigma' approx 1/4$ rather than "
        "nearly 0, and its own gradient rescales the error by $gamma \\/ sigma_B$ on the way "
        "down. The gradient norms plotted below are automatic differentiation's own output: "
        "`compute_gradients` returns each kernel's gradient, and the lab takes its norm at "
        "every step."
    ),
    Paragraph(
        "What the experiment tests: a small MLP first (iris is easy: 95% and more on the "
        "test rows), then three networks of 8 hidden layers of 16 units trained by plain "
        "gradient descent, recording the norm of every layer's kernel gradient at every "
        "step. Deep sigmoid: the first layer's gradient should be at least 100 times below "
        "the last's; relu and batch norm should close that gap to within 10 times."
    ),
]

CHEAT = [
    Paragraph(
        "A network scores each transaction, $p = sigma(z)$, and is trained on the sigmoid "
        "cross-entropy, whose gradient is the same simple error as softmax's:"
    ),
    Formula(
        "L = -1/N sum_n [y_n log p_n + (1 - y_n) log(1 - p_n)], quad "
        "(partial L)/(partial z_n) = 1/N (p_n - y_n)."
    ),
    Paragraph(
        "With 0.17% frauds almost every term is a normal transaction, so the cheapest way "
        "to a low loss is to call everything normal, and accuracy (99.8% for that useless "
        "rule) hides it. The remedies change the data or the loss. Resampling: drop normal "
        "rows, repeat fraud rows (with or without noise), or interpolate new ones (SMOTE). "
        "Re-weighting: each fraud's term counts $w = N_0 \\/ N_1$ times. Focal loss scales "
        "each term by how wrong the model still is, with $p_t$ the probability of the true "
        "class:"
    ),
    Formula(
        'L_"focal" = -1/N sum_n alpha_t (1 - p_t)^gamma log p_t, quad alpha = 0.25, gamma = 2.'
    ),
    Paragraph(
        "For the weighted and focal losses automatic differentiation also differentiates "
        "the extra factors, $(1 - p_t)^gamma$ included: no gradient is written for any loss."
    ),
    Paragraph(
        "What the experiment tests: each method is judged on a held-out test split by "
        "PR-AUC, precision and recall, with the decision threshold chosen for the best F1 "
        "on a separate validation split; resampled rows must never come from the test split."
    ),
]
