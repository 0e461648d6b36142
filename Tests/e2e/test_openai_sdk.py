"""The official openai Python SDK, pointed at this server, against a loopback stand-in provider."""
import openai
import pytest

from conftest import Eloquent, StandInProvider


@pytest.fixture
def stack():
    provider = StandInProvider(key="provider-secret")
    server = Eloquent({"TRANSCRIPTION_PROVIDER": "groq", "GROQ_API_KEY": "provider-secret",
                       "GROQ_BASE_URL": f"http://127.0.0.1:{provider.port}/openai/v1"})
    yield provider, server
    server.close()
    provider.close()


def test_sdk_transcribes_in_every_format(stack, speech_wav):
    provider, server = stack
    client = openai.OpenAI(base_url=server.url + "/v1", api_key=server.token())
    with open(speech_wav, "rb") as f:
        result = client.audio.transcriptions.create(model="whisper-1", file=f, language="en")
    assert result.text == "the quick brown fox"
    sent = provider.requests[-1]
    assert sent["fields"]["model"] == "whisper-large-v3-turbo"
    assert sent["fields"]["language"] == "en"
    assert sent["fields"]["response_format"] == "verbose_json"
    assert sent["files"]["file"][1] == speech_wav.read_bytes()

    with open(speech_wav, "rb") as f:
        text = client.audio.transcriptions.create(model="whisper-1", file=f, response_format="text", prompt="fox")
    assert str(text).strip() == "the quick brown fox"
    assert provider.requests[-1]["fields"]["response_format"] == "text"
    assert provider.requests[-1]["fields"]["prompt"] == "fox"

    with open(speech_wav, "rb") as f:
        verbose = client.audio.transcriptions.create(model="whisper-1", file=f, response_format="verbose_json", temperature=0.2)
    assert verbose.duration == 2.5
    assert verbose.text == "the quick brown fox"


def test_sdk_lists_models(stack):
    _, server = stack
    client = openai.OpenAI(base_url=server.url + "/v1", api_key=server.token())
    ids = [m.id for m in client.models.list()]
    assert "whisper-large-v3-turbo" in ids and "whisper-1" in ids


def test_sdk_sees_openai_shaped_errors(stack, tmp_path):
    _, server = stack
    bad = openai.OpenAI(base_url=server.url + "/v1", api_key="not-a-token")
    with pytest.raises(openai.AuthenticationError) as info:
        bad.models.list()
    assert info.value.status_code == 401

    client = openai.OpenAI(base_url=server.url + "/v1", api_key=server.token())
    garbage = tmp_path / "notes.txt"
    garbage.write_text("this is not audio at all")
    with pytest.raises(openai.BadRequestError) as info:
        with open(garbage, "rb") as f:
            client.audio.transcriptions.create(model="whisper-1", file=f)
    assert "Unsupported audio format" in info.value.message
    assert info.value.code == "invalid_file_format"

    with pytest.raises(openai.NotFoundError):
        with open(garbage, "rb") as f:
            client.audio.transcriptions.create(model="gpt-4o", file=f)


def test_same_audio_twice_reaches_the_provider_once(stack, speech_wav):
    provider, server = stack
    client = openai.OpenAI(base_url=server.url + "/openai/v1", api_key=server.token())
    for _ in range(2):
        with open(speech_wav, "rb") as f:
            assert client.audio.transcriptions.create(model="whisper-1", file=f).text == "the quick brown fox"
    assert len(provider.requests) == 1
