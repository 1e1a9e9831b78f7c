// A multi-step input (title shows "(2/6)", a Back button from step 2 on), as in VS Code's own samples.
import * as vscode from 'vscode';

export type StepOutcome<T> = { readonly kind: 'done'; readonly value: T } | { readonly kind: 'back' } | undefined;

interface StepPosition {
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
}

export interface InputStepOptions extends StepPosition {
  readonly prompt: string;
  readonly value?: string;
  readonly placeholder?: string;
  readonly password?: boolean;
  /** An Error blocks acceptance; a Warning is shown but lets the value through. */
  readonly validate?: (value: string) => vscode.InputBoxValidationMessage | undefined;
}

function backButton(step: number): vscode.QuickInputButton[] {
  return step > 1 ? [vscode.QuickInputButtons.Back] : [];
}

/** One text step. Resolves to the accepted value, 'back', or undefined when dismissed. */
export function inputStep(options: InputStepOptions): Promise<StepOutcome<string>> {
  return new Promise((resolve) => {
    const input = vscode.window.createInputBox();
    input.title = options.title;
    input.step = options.step;
    input.totalSteps = options.totalSteps;
    input.prompt = options.prompt;
    input.value = options.value ?? '';
    input.placeholder = options.placeholder;
    input.password = options.password ?? false;
    input.ignoreFocusOut = true;
    input.buttons = backButton(options.step);
    let outcome: StepOutcome<string>;
    const validate = (value: string) => {
      const problem = options.validate?.(value);
      input.validationMessage = problem;
      return problem;
    };
    // Validate as typed, not before: an error on a field not yet touched reads as a reproach.
    const disposables = [
      input.onDidChangeValue(validate),
      input.onDidAccept(() => {
        const problem = validate(input.value);
        if (problem?.severity === vscode.InputBoxValidationSeverity.Error) return;
        outcome = { kind: 'done', value: input.value };
        input.hide();
      }),
      input.onDidTriggerButton((button) => {
        if (button === vscode.QuickInputButtons.Back) {
          outcome = { kind: 'back' };
          input.hide();
        }
      }),
      input.onDidHide(() => {
        for (const disposable of disposables) disposable.dispose();
        input.dispose();
        resolve(outcome);
      }),
    ];
    input.show();
  });
}

export interface PickStepOptions<T extends vscode.QuickPickItem> extends StepPosition {
  readonly placeholder: string;
  readonly items: readonly T[];
  readonly active?: T;
}

/** One choice step. Resolves to the chosen item, 'back', or undefined when dismissed. */
export function pickStep<T extends vscode.QuickPickItem>(options: PickStepOptions<T>): Promise<StepOutcome<T>> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<T>();
    pick.title = options.title;
    pick.step = options.step;
    pick.totalSteps = options.totalSteps;
    pick.placeholder = options.placeholder;
    pick.items = options.items;
    if (options.active) pick.activeItems = [options.active];
    pick.ignoreFocusOut = true;
    pick.buttons = backButton(options.step);
    let outcome: StepOutcome<T>;
    const disposables = [
      pick.onDidAccept(() => {
        const [chosen] = pick.selectedItems.length ? pick.selectedItems : pick.activeItems;
        if (!chosen) return;
        outcome = { kind: 'done', value: chosen };
        pick.hide();
      }),
      pick.onDidTriggerButton((button) => {
        if (button === vscode.QuickInputButtons.Back) {
          outcome = { kind: 'back' };
          pick.hide();
        }
      }),
      pick.onDidHide(() => {
        for (const disposable of disposables) disposable.dispose();
        pick.dispose();
        resolve(outcome);
      }),
    ];
    pick.show();
  });
}

/** A step: asks, stores its answer in the caller's state, and says where to go. */
export type Step = () => Promise<'next' | 'back' | 'cancel'>;

/** Converts a step outcome into navigation, storing a value with `store`. */
export function navigate<T>(outcome: StepOutcome<T>, store: (value: T) => void): 'next' | 'back' | 'cancel' {
  if (!outcome) return 'cancel';
  if (outcome.kind === 'back') return 'back';
  store(outcome.value);
  return 'next';
}

/** Runs steps from `start` (0-based) with Back support. True when the last step completed. */
export async function runSteps(steps: readonly Step[], start = 0): Promise<boolean> {
  let index = start;
  while (index < steps.length) {
    const result = await steps[index]();
    if (result === 'cancel') return false;
    index = result === 'back' ? Math.max(0, index - 1) : index + 1;
  }
  return true;
}
