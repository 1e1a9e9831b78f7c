// Multi-step input as in VS Code's quickinput-sample: each step asks one thing and returns the next
// step (or nothing when done). Back returns to the step before; dismissing throws UserCancelled.
import * as vscode from 'vscode';
import { UserCancelled } from '../cancellation';

/** One step: asks through `input`, keeps the answer, and returns the step that follows. */
export type InputStep = (input: MultiStepInput) => Promise<InputStep | void>;

interface Position {
  readonly title: string;
  /** Shown as "(step/totalSteps)" after the title. */
  readonly step: number;
  readonly totalSteps: number;
}

export interface InputBoxOptions extends Position {
  readonly prompt: string;
  readonly value?: string;
  readonly placeholder?: string;
  readonly password?: boolean;
  /** An Error blocks acceptance; a Warning is shown but lets the value through. */
  readonly validate?: (value: string) => vscode.InputBoxValidationMessage | undefined;
}

export interface QuickPickOptions<T extends vscode.QuickPickItem> extends Position {
  readonly placeholder: string;
  readonly items: readonly T[];
  readonly active?: T;
}

/** Thrown inside a step when Back was pressed: the runner goes to the previous step. */
class BackPressed extends Error {}

export class MultiStepInput {
  private readonly history: InputStep[] = [];

  /** Runs the steps from `start` until one returns nothing; throws UserCancelled when dismissed. */
  static async run(start: InputStep): Promise<void> {
    await new MultiStepInput().stepThrough(start);
  }

  private async stepThrough(start: InputStep): Promise<void> {
    let step: InputStep | void = start;
    while (step) {
      this.history.push(step);
      try {
        step = await step(this);
      } catch (e) {
        if (!(e instanceof BackPressed)) throw e;
        this.history.pop();
        step = this.history.pop();
      }
    }
  }

  private get canGoBack(): boolean {
    return this.history.length > 1;
  }

  showInputBox(options: InputBoxOptions): Promise<string> {
    const input = vscode.window.createInputBox();
    input.title = options.title;
    input.step = options.step;
    input.totalSteps = options.totalSteps;
    input.prompt = options.prompt;
    input.value = options.value ?? '';
    input.placeholder = options.placeholder;
    input.password = options.password ?? false;
    input.ignoreFocusOut = true;
    input.buttons = this.canGoBack ? [vscode.QuickInputButtons.Back] : [];
    const validate = (value: string) => {
      const problem = options.validate?.(value);
      input.validationMessage = problem;
      return problem;
    };
    return this.ask(input, (accept) => [
      // Validate as typed, not before: an error on a field not yet touched reads as a reproach.
      input.onDidChangeValue(validate),
      input.onDidAccept(() => {
        if (validate(input.value)?.severity !== vscode.InputBoxValidationSeverity.Error) accept(input.value);
      }),
    ]);
  }

  showQuickPick<T extends vscode.QuickPickItem>(options: QuickPickOptions<T>): Promise<T> {
    const pick = vscode.window.createQuickPick<T>();
    pick.title = options.title;
    pick.step = options.step;
    pick.totalSteps = options.totalSteps;
    pick.placeholder = options.placeholder;
    pick.items = options.items;
    if (options.active) pick.activeItems = [options.active];
    pick.ignoreFocusOut = true;
    pick.buttons = this.canGoBack ? [vscode.QuickInputButtons.Back] : [];
    return this.ask(pick, (accept) => [
      pick.onDidAccept(() => {
        const [chosen] = pick.selectedItems.length ? pick.selectedItems : pick.activeItems;
        if (chosen) accept(chosen);
      }),
    ]);
  }

  /** Shows a quick input until it is accepted (resolves), Back is pressed or it is dismissed (rejects). */
  private ask<R>(
    widget: vscode.QuickInput & { onDidTriggerButton: vscode.Event<vscode.QuickInputButton> },
    listen: (accept: (value: R) => void) => vscode.Disposable[],
  ): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let outcome: { value: R } | { back: true } | undefined;
      const disposables = [
        ...listen((value) => {
          outcome = { value };
          widget.hide();
        }),
        widget.onDidTriggerButton((button) => {
          if (button !== vscode.QuickInputButtons.Back) return;
          outcome = { back: true };
          widget.hide();
        }),
        widget.onDidHide(() => {
          for (const disposable of disposables) disposable.dispose();
          widget.dispose();
          if (outcome && 'value' in outcome) resolve(outcome.value);
          else reject(outcome ? new BackPressed() : new UserCancelled());
        }),
      ];
      widget.show();
    });
  }
}
