import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';

type Props = { title: string; description: string; reloadLabel: string; children: ReactNode };
type State = { failed: boolean };

/** Catches a page that throws while rendering or whose chunk failed to load (after an upgrade). */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error(error);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Result
        status="error"
        title={this.props.title}
        subTitle={this.props.description}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            {this.props.reloadLabel}
          </Button>
        }
      />
    );
  }
}
