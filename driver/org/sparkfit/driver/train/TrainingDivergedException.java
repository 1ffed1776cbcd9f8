package org.sparkfit.driver.train;

import org.sparkfit.driver.UserInputException;

/** Training produced a NaN or infinite loss or weight: the learning rate or the data needs fixing. */
public class TrainingDivergedException extends UserInputException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(int epoch, int round, String what) {
        super("training diverged in epoch " + epoch + ", round " + round + ": " + what + "; lower "
                + "compile.optimizer.learning_rate, or check the data for huge values (data.scale)");
    }
}
