import { PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Flex, Segmented, Skeleton, Typography } from 'antd';
import { type Ref, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin from 'wavesurfer.js/dist/plugins/regions.esm.js';
import type { AutoFinding } from '../../../../contracts/quality';
import { useErrorMessage } from '../../app/errors';
import { formatDuration } from '../../ui/recording';
import { fetchRecording } from './api';
import { QUALITY_IDS } from './testids';

/** What the evaluation screen asks of the player: jump to a moment, and where playback is. */
export type PlayerHandle = { seek: (ms: number) => void; currentMs: () => number };

export const SPEEDS = [0.75, 1, 1.25, 1.5, 2] as const;

/** Findings with a length are marked on the waveform (silence, overtalk): a glance shows where. */
const REGION_COLOR: Partial<Record<AutoFinding['kind'], string>> = {
  silence: 'rgba(250, 173, 20, 0.25)',
  overtalk: 'rgba(245, 34, 45, 0.22)',
  dead_air_after_greeting: 'rgba(250, 173, 20, 0.25)',
};

/**
 * The evaluated call's recording as a waveform (wavesurfer.js): the caller's channel above, the
 * agent's below (the recorder puts the caller left, the agent right), play/pause, speed, and the
 * findings marked. Fetched once per screen: every fetch of a recording is audited.
 */
export function RecordingPlayer({
  evaluationId,
  findings,
  ref,
}: {
  evaluationId: string;
  findings: readonly AutoFinding[];
  ref?: Ref<PlayerHandle>;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const container = useRef<HTMLDivElement>(null);
  const surfer = useRef<WaveSurfer | null>(null);
  const [playing, setPlaying] = useState(false);
  const [ready, setReady] = useState(false);
  const [timeMs, setTimeMs] = useState(0);
  const [durationMs, setDurationMs] = useState(0);
  const [speed, setSpeed] = useState<number>(1);
  const [decodeError, setDecodeError] = useState<string>();
  const recording = useQuery({
    // Outside ['quality']: a quality event must not fetch (and audit) the recording again.
    queryKey: ['quality-recording', evaluationId],
    queryFn: ({ signal }) => fetchRecording(evaluationId, signal),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });

  useImperativeHandle(
    ref,
    () => ({
      seek: (ms: number) => {
        const ws = surfer.current;
        if (!ws) return;
        ws.setTime(ms / 1000);
        setTimeMs(ms);
      },
      currentMs: () => Math.round((surfer.current?.getCurrentTime() ?? 0) * 1000),
    }),
    [],
  );

  // Read when a recording is drawn: a refetch of the findings or a speed change does not redraw it.
  const drawn = useRef({ findings, speed });
  drawn.current = { findings, speed };

  const blob = recording.data;
  useEffect(() => {
    if (!blob || !container.current) return;
    const ws = WaveSurfer.create({
      container: container.current,
      height: 56,
      normalize: true,
      cursorColor: '#fa541c',
      cursorWidth: 2,
      dragToSeek: true,
      audioRate: drawn.current.speed,
      splitChannels: [
        { waveColor: '#95de64', progressColor: '#389e0d' },
        { waveColor: '#91caff', progressColor: '#1677ff' },
      ],
    });
    const regions = ws.registerPlugin(RegionsPlugin.create());
    surfer.current = ws;
    ws.on('ready', (seconds) => {
      setReady(true);
      setDurationMs(Math.round(seconds * 1000));
    });
    ws.on('decode', () => {
      for (const f of drawn.current.findings) {
        const color = REGION_COLOR[f.kind];
        if (!color || f.atMs === undefined || !f.durationMs) continue;
        regions.addRegion({
          start: f.atMs / 1000,
          end: (f.atMs + f.durationMs) / 1000,
          color,
          drag: false,
          resize: false,
        });
      }
    });
    ws.on('timeupdate', (seconds) => setTimeMs(Math.round(seconds * 1000)));
    ws.on('play', () => setPlaying(true));
    ws.on('pause', () => setPlaying(false));
    ws.on('finish', () => setPlaying(false));
    ws.on('error', (e) => setDecodeError(e.message));
    ws.loadBlob(blob).catch(() => undefined);
    return () => {
      surfer.current = null;
      setReady(false);
      setPlaying(false);
      ws.destroy();
    };
  }, [blob]);

  useEffect(() => {
    surfer.current?.setPlaybackRate(speed, true);
  }, [speed]);

  if (recording.isError) {
    return (
      <Alert type="warning" showIcon title={t('quality.player.failed')} description={errorMessage(recording.error)} />
    );
  }
  if (decodeError) {
    return <Alert type="warning" showIcon title={t('quality.player.failed')} description={decodeError} />;
  }
  return (
    <div data-testid={QUALITY_IDS.player}>
      {recording.isLoading ? <Skeleton.Node active style={{ width: '100%', height: 112 }} /> : null}
      <div
        ref={container}
        role="img"
        data-testid={QUALITY_IDS.waveform}
        aria-label={t('quality.player.waveform')}
        style={{ minHeight: recording.isLoading ? 0 : 112 }}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('quality.player.channels')}
      </Typography.Text>
      <Flex gap={12} align="center" wrap style={{ marginTop: 8 }}>
        <Button
          type="primary"
          icon={playing ? <PauseCircleOutlined /> : <PlayCircleOutlined />}
          disabled={!ready}
          onClick={() => void surfer.current?.playPause()}
          data-testid={QUALITY_IDS.playPause}
        >
          {playing ? t('quality.player.pause') : t('quality.player.play')}
        </Button>
        <Typography.Text data-testid={QUALITY_IDS.playerTime} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {formatDuration(timeMs)} / {formatDuration(durationMs)}
        </Typography.Text>
        <Flex gap={6} align="center">
          <Typography.Text type="secondary">{t('quality.player.speed')}</Typography.Text>
          <Segmented
            size="small"
            value={speed}
            onChange={(v) => setSpeed(Number(v))}
            options={SPEEDS.map((s) => ({ value: s, label: `${s}×` }))}
            data-testid={QUALITY_IDS.speed}
            aria-label={t('quality.player.speed')}
          />
        </Flex>
      </Flex>
    </div>
  );
}
